import { expect } from "vitest";
import type { LeadEvent } from "../packages/core/src/events/envelope";
import { leadDeps } from "../packages/functions/src/api/deps";
import { reportProjectorPublisher } from "../packages/functions/src/reports/publisher";
import { StreamPoller } from "../packages/local/src/stream-poller";
import type { TestApi } from "./api";
import { HOUR, handOff, type LeadBody, readySignals } from "./handoff";

/** The report projector reading the test table's stream, as `npm start` runs it (checkpoint in memory). */
export function reportProjector(api: TestApi): StreamPoller {
  return new StreamPoller({
    endpoint: api.table.endpoint,
    tableName: api.table.tableName,
    publisher: reportProjectorPublisher(leadDeps(api.deps)),
  });
}

/** Every lead's timeline, read from the table (through the all-leads index): what a recount starts from. */
export async function allTimelines(api: TestApi): Promise<LeadEvent[][]> {
  const timelines: LeadEvent[][] = [];
  let after: string | undefined;
  do {
    const page = await api.stores.leads.list({}, 100, after);
    for (const lead of page.items) {
      const events: LeadEvent[] = [];
      let position: string | undefined;
      do {
        const part = await api.stores.leads.timeline(lead.id, 100, position);
        events.push(...part.items);
        position = part.lastSortKey;
      } while (position);
      timelines.push(events);
    }
    after = page.lastSortKey;
  } while (after);
  return timelines;
}

export const quarterSources = [
  { type: "webinar", id: "product-tour", campaign: "Spring launch" },
  { type: "form", id: "pricing" },
  { type: "referral", id: "partners", campaign: "Partners" },
];

async function post(api: TestApi, path: string, body?: unknown, key?: string): Promise<LeadBody> {
  const response = await api.call("POST", path, {
    ...(body !== undefined ? { body } : {}),
    ...(key ? { key } : {}),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as LeadBody;
}

/**
 * A small quarter through the API, with the clock moved by hand: captures of mixed quality
 * from three sources, hand-offs to two reps (one answers fast, one lets a hand-off lapse and
 * rejects another), follow-ups, a missed appointment, a win, a loss that rebounds and comes
 * back, a qualify-out.
 */
export async function playQuarter(api: TestApi) {
  const leads: LeadBody[] = [];
  for (let i = 0; i < 12; i++) {
    const source = quarterSources[i % quarterSources.length]!;
    const ready = i % 3 !== 2;
    leads.push(
      await post(api, "/v1/leads", {
        email: `buyer${i}@example.com`,
        company: `Co ${i}`,
        consent: { marketing: true },
        source,
        signals: ready ? readySignals : { budget: "none", need: "exploring" },
      }),
    );
    api.clock.advance(5 * HOUR);
  }
  const ready = leads.filter((l) => l.status === "sales_ready");
  for (const [i, lead] of ready.entries()) {
    const rep = i % 2 === 0 ? "rep-ana" : "rep-ben";
    const handed = await handOff(api, lead.id, rep);
    expect(handed.status).toBe(200);
  }
  api.clock.advance(2 * HOUR);
  // Ana accepts hers at once; Ben rejects one, lets the others lapse past the acceptance SLA.
  for (const [i, lead] of ready.entries()) {
    if (i % 2 === 0) await post(api, `/v1/leads/${lead.id}/accept`);
    else if (i === 1)
      await post(api, `/v1/leads/${lead.id}/reject`, { reason: "Read the transcript: no potential." });
  }
  api.clock.advance(30 * HOUR);
  await post(api, "/v1/admin/sweeps/sla");
  for (const [i, lead] of ready.entries())
    if (i % 2 === 1 && i !== 1) await post(api, `/v1/leads/${lead.id}/accept`);
  const accepted = ready.filter((_, i) => i !== 1);
  for (const lead of accepted)
    await post(api, `/v1/leads/${lead.id}/follow-ups`, { channel: "phone", note: "Called." });
  const appointment = await api.call("POST", `/v1/leads/${accepted[0]!.id}/appointments`, {
    body: { at: new Date(api.clock.now().getTime() + 2 * HOUR).toISOString() },
  });
  const appointmentId = appointment.headers.get("appointment-id")!;
  api.clock.advance(3 * HOUR);
  await post(api, `/v1/leads/${accepted[0]!.id}/appointments/${appointmentId}/close`, {
    result: "missed_by_rep",
  });
  api.clock.advance(3 * 24 * HOUR);
  await post(api, `/v1/leads/${accepted[0]!.id}/won`, { kind: "sale", value: 12000, currency: "EUR" });
  await post(api, `/v1/leads/${accepted[1]!.id}/lost`, { reason: "timing", reboundAfter: "P2D" });
  await post(api, `/v1/leads/${accepted[2]!.id}/lost`, { reason: "chose_competitor", competitor: "Acme" });
  await post(api, `/v1/leads/${leads[2]!.id}/qualify-out`, { reason: "no_budget" });
  api.clock.advance(3 * 24 * HOUR);
  await post(api, "/v1/admin/sweeps/rebound");
  // The rebounded lead answers the rebound campaign; the other lost lead returns by itself.
  const emailOf = (lead: LeadBody) => `buyer${leads.indexOf(lead)}@example.com`;
  await post(api, "/v1/leads", { email: emailOf(accepted[1]!), source: quarterSources[0] });
  await post(api, "/v1/leads", {
    email: emailOf(accepted[2]!),
    source: quarterSources[1],
    signals: readySignals,
  });
}
