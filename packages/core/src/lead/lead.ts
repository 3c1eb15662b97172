import * as z from "../kernel/zod";
import { journeySchema } from "./journey";
import {
  appointmentSchema,
  closedSchema,
  followUpSummarySchema,
  handoffRecordSchema,
  outcomeRecordSchema,
  reboundStateSchema,
  verdictSchema,
} from "./records";
import { consentSchema, customValuesSchema, signalsSchema, sourceSchema } from "./schema";
import { leadStatuses } from "./status";
import { reboundOrigins } from "./vocabulary";

/** The lead as stored and as the API returns it. */
export const leadSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.optional(z.string()),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  company: z.optional(z.string()),
  title: z.optional(z.string()),
  phone: z.optional(z.string()),
  country: z.optional(z.string()),
  consent: z.optional(z.extend(consentSchema, { updatedAt: z.string() })),
  status: z.enum(leadStatuses),
  ownerId: z.optional(z.string()),
  origin: z.extend(sourceSchema, { at: z.string() }),
  lastSource: z.extend(sourceSchema, { at: z.string() }),
  touchCount: z.number(),
  /** Distinct sources ("type:id") the lead came through, oldest first, at most 20. */
  sourceKeys: z.array(z.string()),
  signals: signalsSchema,
  /** Bounded per capture; touches merge into it (the limits are the input's, not re-checked on read). */
  custom: customValuesSchema,
  closed: z.optional(closedSchema),
  rebound: z.optional(reboundStateSchema),
  /** Set when a lost, qualified-out or rebounded lead came back by itself. */
  returning: z.optional(z.object({ at: z.string(), from: z.enum(reboundOrigins), count: z.number() })),
  /** The rep who owned the lead before it was lost: a hint for the next hand-off. */
  suggestedRepId: z.optional(z.string()),
  /** The latest sales-ready verdict (policy version, pass, score, reasons). */
  qualification: z.optional(verdictSchema),
  /** The latest hand-off to a rep, with its SLA deadlines and breaches. */
  handoff: z.optional(handoffRecordSchema),
  /** The latest outcome (won, lost, recycled, qualified out). */
  outcome: z.optional(outcomeRecordSchema),
  followUps: z.optional(followUpSummarySchema),
  /** The lead's current pass through the funnel (reports credit its stages to the pass). */
  journey: z.optional(journeySchema),
  /** Open and recent appointments, bounded (older closed ones live on the timeline). */
  appointments: z.optional(z.array(appointmentSchema)),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Set when the person's data was erased (GDPR Art. 17): what remains is anonymous. `done`
   * once every copy (timeline, idempotency records) was cleaned; until then a repeated erase resumes.
   */
  erasure: z.optional(z.object({ at: z.string(), done: z.optional(z.string()) })),
  /** Optimistic-concurrency version; the API's ETag. */
  version: z.number(),
});
export type Lead = z.infer<typeof leadSchema>;

export const MAX_SOURCE_KEYS = 20;

export function sourceKey(source: { type: string; id?: string | undefined }): string {
  return source.id ? `${source.type}:${source.id}` : source.type;
}

export function addSourceKey(keys: string[], key: string): string[] {
  if (keys.includes(key)) return keys;
  // Oldest first and bounded: the first sources say where a lead came from, and the item
  // must not grow without limit for a lead that touches us every week.
  return keys.length >= MAX_SOURCE_KEYS ? keys : [...keys, key];
}

/** Full name from the parts when only the parts were given. */
export function displayName(parts: {
  name?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}): string | undefined {
  if (parts.name) return parts.name;
  const joined = [parts.firstName, parts.lastName].filter(Boolean).join(" ");
  return joined || undefined;
}
