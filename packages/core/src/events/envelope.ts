import * as z from "zod/mini";

/**
 * Who made a change. API keys act for integrations and people; `system` is a schedule
 * (sweeps) or the runtime itself; `bootstrap` is the configured admin key.
 */
export const actorSchema = z.object({
  kind: z.enum(["api_key", "bootstrap", "system"]),
  id: z.string(),
  name: z.optional(z.string()),
  /**
   * The request (its API Gateway request id, also sent back as `X-Correlation-Id` and written
   * on each of its log lines) or the sweep run that made the change. Absent on events written
   * before it existed. The actor carries it because every change already travels with one.
   */
  correlationId: z.optional(z.string().check(z.maxLength(200))),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * One change to one lead. The same record is the lead's timeline entry and the outbox
 * entry that the forwarder publishes to EventBridge, so history and events cannot drift.
 *
 * `version` is the lead's version after the change; per lead it is strictly increasing,
 * which gives consumers a per-lead order. `eventId` is stable across redeliveries:
 * consumers deduplicate on it.
 */
export const leadEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number(),
  leadId: z.string(),
  version: z.number(),
  at: z.string(),
  actor: actorSchema,
  why: z.optional(z.string()),
  data: z.record(z.string(), z.unknown()),
});
export type LeadEvent = z.infer<typeof leadEventSchema>;
