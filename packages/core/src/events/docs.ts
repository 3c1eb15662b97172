import { pathToFileURL } from "node:url";
import * as z from "zod/mini";
import { boundedLeadEventSchema, buildLeadEvent, eventDefinitions } from "./catalogue";
import { attributionField } from "./definitions/shared";
import type { Actor } from "./envelope";
import { maxEntriesPerRequest, maxRequestBytes } from "./eventbridge-entry";

/*
 * Renders docs/events.md from the catalogue, so the document cannot drift from the schemas
 * the code enforces. Run `npm run docs:events`; a test fails when the file is stale.
 */

const exampleActor: Actor = { kind: "api_key", id: "key_01JNB4T2", name: "CRM integration" };

/**
 * JSON Schema as consumers should read it. Two edits to zod's output: the 200-character
 * date-time regex is dropped (`format: date-time` says the same), and so is
 * `additionalProperties: false`, because the producer rejects unknown keys but consumers
 * must accept fields added later without a schemaVersion bump.
 */
function jsonSchemaOf(schema: z.ZodMiniType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    override: ({ zodSchema, jsonSchema }) => {
      // The same on every event: shown once, under "Attribution".
      if (zodSchema === attributionField && schema !== attributionField) {
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
        Object.assign(jsonSchema, { type: "object", description: "Report facts: see Attribution above." });
        return;
      }
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const fence = (language: string, body: unknown) =>
  [`\`\`\`${language}`, typeof body === "string" ? body : JSON.stringify(body, null, 2), "```"].join("\n");

const preamble = `# Events

<!-- Generated from packages/core/src/events/catalogue.ts by \`npm run docs:events\`. Do not edit:
     a test fails when this file and the catalogue disagree. -->

Every change to a lead is recorded as one event: the same record is the lead's timeline
entry and the outbox entry that is published to the stage's EventBridge bus. Marketing
automation and other consumers subscribe with EventBridge rules.

## Delivery contract

- **Source and detail-type.** Every event has \`source\` \`rebound\` and the event type
  (\`lead.lost\`, …) as \`detail-type\`. The \`detail\` is the envelope below.
- **At-least-once.** An event can be delivered more than once (a retried publish, a
  redelivered stream batch, an EventBridge retry to your target). Deduplicate on
  \`detail.eventId\`, which never changes between deliveries.
- **Per-lead order comes from \`version\`.** \`detail.version\` is the lead's version after the
  change; per lead it strictly increases. EventBridge does not deliver in order, so order
  by \`version\` and treat a jump (say 4 after 2) as "3 is still on its way". The publisher
  never sends a lead's event before the earlier ones of the same batch were accepted, and
  stops (and reports) a lead's later events when an earlier one fails for good.
- **Where events come from.** Events are written to the table in the same transaction as
  the lead change. A forwarder Lambda reads the table's DynamoDB stream and publishes new
  events with PutEvents (at most ${maxEntriesPerRequest} entries and ${maxRequestBytes / 1024} KiB per request),
  retrying throttling and partial failures with backoff. Locally (\`npm start\`) events go
  to an in-memory ring served at \`GET /v1/events?cursor=\`.
- **Versioning.** \`schemaVersion\` versions \`data\` per type. It changes only on a breaking
  change (a field removed, renamed, retyped, or made required). Adding an optional field or
  an enum value is not breaking: ignore fields you do not know, and treat enum values you
  do not know like \`other\`.
- **Size.** Payloads say what changed and why, not the whole lead; free text is bounded,
  so an entry stays far below EventBridge's limit. Fetch the lead from the API when you need
  more.

Example rule matching lost leads that chose a competitor:

${fence("json", { source: ["rebound"], "detail-type": ["lead.lost"], detail: { data: { reason: ["chose_competitor"] } } })}

## Envelope (\`detail\`)

| field | meaning |
| --- | --- |
| \`eventId\` | ULID, unique per event; the deduplication key |
| \`type\` | the detail-type, repeated so a stored event is self-describing |
| \`schemaVersion\` | version of \`data\` for this type |
| \`leadId\` | the lead |
| \`version\` | the lead's version after this change; per-lead order |
| \`at\` | when the change happened (ISO 8601, UTC); also the EventBridge \`time\` |
| \`actor\` | who made it: an API key (\`api_key\`), the bootstrap admin key, or \`system\` (schedules); \`actor.correlationId\` names the request (the \`X-Correlation-Id\` it was answered with, and its log lines) or the sweep run |
| \`why\` | optional free-text justification given by the actor |
| \`data\` | the type's payload, below |

${fence("json", jsonSchemaOf(boundedLeadEventSchema))}

## Attribution (\`data.attribution\`)

Every event recorded since reports exist carries the same \`attribution\` object: the facts a
report projection needs, stamped when the change is recorded, so no consumer has to read
the lead to count it. \`source\` is where the lead first came from; \`journey\` is its current
pass through the funnel (0 from capture, +1 each time it came back: \`rebound\` or
\`returning\`) and when that pass began; \`reached\` lists the funnel stages this event
reached for the first time in the pass (reaching a stage implies the ones before it);
\`handoff\` is the hand-off the lead is on; \`sla\` says that this change settled a hand-off
deadline, kept or missed; \`firstFollowUp\` marks the first contact since the hand-off. No
personal data.

${fence("json", jsonSchemaOf(attributionField))}

JSON Schemas on this page are draft 2020-12.
`;

/** The whole markdown document. */
export function renderEventsDoc(): string {
  const index = ["## Types", "", "| detail-type | schema version | what happened |", "| --- | --- | --- |"];
  const sections: string[] = [];
  eventDefinitions.forEach((definition, i) => {
    const anchor = definition.type.replace(/\./g, "");
    index.push(
      `| [\`${definition.type}\`](#${anchor}) | ${definition.schemaVersion} | ${definition.description.split(". ")[0]!.replace(/\.$/, "")} |`,
    );
    const example = buildLeadEvent({
      type: definition.type,
      eventId: `01JNB5${String(i).padStart(2, "0")}Q7H2XK4M9P3R6T8VWX`,
      leadId: "01JNB4YV0D1M8B3C6E2F9G4H7K",
      version: definition.example.version ?? 7,
      at: "2025-03-01T09:30:00.000Z",
      actor: definition.example.actor ?? exampleActor,
      ...(definition.example.why ? { why: definition.example.why } : {}),
      data: definition.example.data as never,
    });
    sections.push(
      [
        `### ${definition.type}`,
        "",
        `Schema version ${definition.schemaVersion}. ${definition.description}`,
        "",
        "`data`:",
        "",
        fence("json", jsonSchemaOf(definition.data)),
        "",
        "Example `detail`:",
        "",
        fence("json", example),
      ].join("\n"),
    );
  });
  return [preamble, index.join("\n"), "", sections.join("\n\n"), ""].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(renderEventsDoc());
}
