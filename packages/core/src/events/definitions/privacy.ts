import * as z from "zod/mini";
import { defineEvent } from "../define";
import { attribution } from "./shared";

/* The person's rights over their data: erasure. */

export const leadErased = defineEvent("lead.erased", {
  schemaVersion: 1,
  description:
    "The person's data was erased (GDPR Art. 17): the lead keeps only anonymous facts (ids, statuses, reasons, times, counts). " +
    "Every consumer that keeps a copy must erase it too: replace this lead's earlier events with their anonymous form " +
    "(the redaction rules in packages/core/src/events/redaction.ts) and drop any contact data held for it. Carries no personal data.",
  data: z.strictObject({ attribution: attribution() }),
  example: { data: {}, actor: { kind: "bootstrap", id: "bootstrap", name: "bootstrap admin" } },
});

/** This file's events (the catalogue and docs/events.md follow this order). */
export const privacyEvents = [leadErased] as const;
