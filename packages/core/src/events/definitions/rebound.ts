import * as z from "zod/mini";
import { reboundCancelCauses, reboundOrigins, reboundReasons } from "../../lead/vocabulary";
import { defineEvent } from "../define";
import { attribution, instant, label, leadSourceSchema } from "./shared";

/* The rebound loop: lost and qualified-out leads resurfacing, or coming back on their own. */

const system = { kind: "system", id: "rebound-sweep" } as const;
const cycle = () =>
  z.int().check(z.positive(), z.describe("1 for the first rebound of this lead, 2 for the next, …"));

export const leadReboundScheduled = defineEvent("lead.rebound_scheduled", {
  schemaVersion: 1,
  description:
    "A rebound was scheduled for a lost or qualified-out lead; the delay depends on the reason (policy).",
  data: z.strictObject({
    attribution: attribution(),
    dueAt: instant(),
    cycle: cycle(),
    from: z.enum(reboundOrigins),
    reason: z.enum(reboundReasons),
  }),
  example: {
    data: { dueAt: "2026-02-01T00:00:00.000Z", cycle: 1, from: "lost", reason: "chose_competitor" },
  },
});

export const leadReboundCancelled = defineEvent("lead.rebound_cancelled", {
  schemaVersion: 1,
  description:
    "A scheduled rebound will not happen: the lead came back by itself, withdrew consent, or a newer schedule replaced it.",
  data: z.strictObject({
    attribution: attribution(),
    dueAt: instant(),
    cycle: cycle(),
    cause: z.enum(reboundCancelCauses),
  }),
  example: { data: { dueAt: "2026-02-01T00:00:00.000Z", cycle: 1, cause: "returned" } },
});

export const leadRebounded = defineEvent("lead.rebounded", {
  schemaVersion: 1,
  description:
    "The rebound sweep moved a due lead into its rebound segment; it re-enters qualification with its whole history.",
  data: z.strictObject({
    attribution: attribution(),
    cycle: cycle(),
    from: z.enum(reboundOrigins),
    reason: z.enum(reboundReasons),
    segment: label().check(z.describe("Rebound segment marketing automation pulls from.")),
  }),
  example: {
    data: { cycle: 1, from: "lost", reason: "chose_competitor", segment: "rebound-competitor-renewal" },
    actor: system,
  },
});

export const leadReturned = defineEvent("lead.returned", {
  schemaVersion: 1,
  description:
    "A lost or qualified-out lead came back on its own (form, webinar) before its rebound date: a returning rebounder.",
  data: z.strictObject({
    attribution: attribution(),
    source: leadSourceSchema,
    from: z.enum(reboundOrigins),
    cancelledReboundDueAt: z.optional(
      instant().check(z.describe("The pending rebound this return cancelled, if any.")),
    ),
  }),
  example: {
    data: {
      source: { type: "webinar", id: "q3-product-tour" },
      from: "lost",
      cancelledReboundDueAt: "2026-02-01T00:00:00.000Z",
    },
  },
});

/** This file's events, in lifecycle order (the catalogue and docs/events.md follow it). */
export const reboundEvents = [
  leadReboundScheduled,
  leadReboundCancelled,
  leadRebounded,
  leadReturned,
] as const;
