import * as z from "zod/mini";
import type { EventDefinition } from "./define";
import { intakeEvents } from "./definitions/intake";
import { privacyEvents } from "./definitions/privacy";
import { reboundEvents } from "./definitions/rebound";
import { salesEvents } from "./definitions/sales";
import { type Actor, type LeadEvent, leadEventSchema } from "./envelope";

/**
 * Every detail-type Rebound publishes, in lifecycle order (docs/events.md follows it): each
 * definitions file lists its own, so a new event is one definition and one list entry there.
 * The `source` of every event on the bus is `rebound`; the detail-type is `type`.
 */
export const eventDefinitions = [
  ...intakeEvents,
  ...salesEvents,
  ...reboundEvents,
  ...privacyEvents,
] as const;

type AnyDefinition = (typeof eventDefinitions)[number];
export type LeadEventType = AnyDefinition["type"];
type DefinitionOf<T extends LeadEventType> = Extract<AnyDefinition, { type: T }>;
/** What domain code passes as `data` for an event type. */
export type LeadEventDataInput<T extends LeadEventType> = z.input<DefinitionOf<T>["data"]>;
/** What `data` holds after validation (consumers' view). */
export type LeadEventData<T extends LeadEventType> = z.output<DefinitionOf<T>["data"]>;

/**
 * The envelope as this module writes it: `at` must be an ISO instant (consumers compare
 * them as strings) and `why` is bounded like any other free text, to keep entries small.
 */
export const boundedLeadEventSchema = z.extend(leadEventSchema, {
  at: z.iso.datetime(),
  why: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

const byType: ReadonlyMap<string, EventDefinition> = new Map(
  eventDefinitions.map((d) => [d.type, d as EventDefinition]),
);

export const leadEventTypes = eventDefinitions.map((d) => d.type) as LeadEventType[];

export function isLeadEventType(type: string): type is LeadEventType {
  return byType.has(type);
}

/** The definition of a type, or undefined for a type this build does not know. */
export function eventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type);
}

/**
 * Raised when domain code tries to record an event the catalogue does not allow. It is a
 * programming error (the API validated the request already), so it carries the zod issues
 * for the log rather than a message meant for the caller.
 */
export class InvalidLeadEventError extends Error {
  override readonly name = "InvalidLeadEventError";
  readonly code = "invalid_lead_event";
  constructor(
    readonly type: string,
    readonly issues: ReadonlyArray<{ path: PropertyKey[]; code: string; message: string }>,
  ) {
    super(
      `invalid ${type} event: ${issues.map((i) => `${i.path.join(".") || "(root)"} ${i.code}`).join("; ")}`,
    );
  }
}

export interface BuildLeadEventInput<T extends LeadEventType> {
  type: T;
  /** A ULID from the injected id generator: unique, and sortable by creation time. */
  eventId: string;
  leadId: string;
  /** The lead's version after this change. */
  version: number;
  /** From the injected clock, ISO 8601 UTC. */
  at: string;
  actor: Actor;
  why?: string;
  data: LeadEventDataInput<T>;
}

/**
 * Builds the timeline/outbox record for one change, validating `data` against the current
 * schema of its type and stamping that schema's version. Unknown keys are rejected rather
 * than stripped, so a misspelt optional field fails in tests instead of vanishing.
 */
export function buildLeadEvent<T extends LeadEventType>(input: BuildLeadEventInput<T>): LeadEvent {
  const definition = byType.get(input.type);
  if (!definition)
    throw new InvalidLeadEventError(input.type, [
      { path: ["type"], code: "unknown_type", message: "unknown event type" },
    ]);
  const data = z.safeParse(definition.data, input.data);
  if (!data.success) {
    throw new InvalidLeadEventError(
      input.type,
      data.error.issues.map((i) => ({ ...i, path: ["data", ...i.path] })),
    );
  }
  const candidate = {
    eventId: input.eventId,
    type: input.type,
    schemaVersion: definition.schemaVersion,
    leadId: input.leadId,
    version: input.version,
    at: input.at,
    actor: input.actor,
    ...(input.why === undefined ? {} : { why: input.why }),
    data: data.data as Record<string, unknown>,
  };
  const envelope = z.safeParse(boundedLeadEventSchema, candidate);
  if (!envelope.success) throw new InvalidLeadEventError(input.type, envelope.error.issues);
  return envelope.data;
}
