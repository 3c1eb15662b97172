import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import {
  acceptedLead,
  captureReady,
  HOUR,
  handOff,
  json,
  type LeadBody,
  repKey,
  timeline,
} from "../../../test/handoff";

let api: TestApi;
let rep: string;
let otherRep: string;
beforeAll(async () => {
  api = await createTestApi("outcomes");
  [rep, otherRep] = await Promise.all([repKey(api, "rep-o"), repKey(api, "rep-x")]);
});
afterAll(() => api.close());

const post = (path: string, body: unknown, key: string | undefined = rep) =>
  api.call("POST", path, { body, ...(key ? { key } : {}) });
const inHours = (hours: number) => new Date(api.clock.now().getTime() + hours * HOUR).toISOString();
const pointers = async (response: Response) =>
  ((await response.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);

async function slaItem(leadId: string, kind: string) {
  const { Item } = await api.table.client.send(
    new GetCommand({
      TableName: api.table.tableName,
      Key: { pk: `LEAD#${leadId}`, sk: `SLA#${kind}` },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe("follow-ups", () => {
  it("the rep logs follow-ups on their hand-off; another rep may not; marketing logs on leads it nurtures", async () => {
    const lead = await acceptedLead(api, "follow@example.com", "rep-o", rep);
    const logged = await post(`/v1/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      note: "Discussed pricing",
      at: inHours(-2),
    });
    expect(logged.status).toBe(201);
    expect(await json(logged)).toMatchObject({
      followUps: { count: 1, lastAt: inHours(-2), lastChannel: "phone" },
      version: lead.version + 1,
    });
    expect((await timeline(api, lead.id)).at(-1)).toMatchObject({
      type: "lead.follow_up_logged",
      data: { channel: "phone", note: "Discussed pricing", repId: "rep-o" },
    });
    expect(
      (await post(`/v1/leads/${lead.id}/follow-ups`, { channel: "email", note: "x" }, otherRep)).status,
    ).toBe(403);
    const nurtured = await json(api.call("POST", "/v1/leads", { body: { email: "nurture@example.com" } }));
    expect(
      (
        await post(
          `/v1/leads/${nurtured.id}/follow-ups`,
          { channel: "email", note: "newsletter reply" },
          await api.keyWith("automation"),
        )
      ).status,
    ).toBe(201);
  });

  it("refuses a follow-up in the future, an unknown channel, and one on a won lead", async () => {
    const lead = await acceptedLead(api, "follow-bad@example.com", "rep-o", rep);
    const future = await post(`/v1/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      note: "x",
      at: inHours(2),
    });
    expect(future.status).toBe(422);
    expect(await pointers(future)).toEqual(["#/at"]);
    expect(
      (await post(`/v1/leads/${lead.id}/follow-ups`, { channel: "carrier_pigeon", note: "x" })).status,
    ).toBe(422);
    await post(`/v1/leads/${lead.id}/won`, { kind: "sale" });
    expect((await post(`/v1/leads/${lead.id}/follow-ups`, { channel: "phone", note: "x" })).status).toBe(409);
  });
});

describe("appointments", () => {
  it("scheduled, rescheduled and closed by the rep, each on the timeline; closed only once its time has come", async () => {
    const lead = await acceptedLead(api, "appt@example.com", "rep-o", rep);
    expect((await post(`/v1/leads/${lead.id}/appointments`, { at: inHours(-1) })).status).toBe(422);
    const scheduled = await post(`/v1/leads/${lead.id}/appointments`, {
      at: inHours(24),
      note: "Demo with CTO",
    });
    expect(scheduled.status).toBe(201);
    const appointmentId = scheduled.headers.get("appointment-id")!;
    expect((await json(scheduled)).appointments).toEqual([
      expect.objectContaining({ id: appointmentId, at: inHours(24), status: "scheduled", rescheduled: 0 }),
    ]);
    const moved = await json(
      post(`/v1/leads/${lead.id}/appointments/${appointmentId}/reschedule`, {
        at: inHours(48),
        reason: "CTO travelling",
      }),
    );
    expect(moved.appointments![0]).toMatchObject({ at: inHours(48), rescheduled: 1 });
    const early = await post(`/v1/leads/${lead.id}/appointments/${appointmentId}/close`, { result: "held" });
    expect(early.status).toBe(409);
    api.clock.advance(49 * HOUR);
    expect(
      (
        await post(
          `/v1/leads/${lead.id}/appointments/${appointmentId}/close`,
          { result: "missed_by_rep" },
          otherRep,
        )
      ).status,
    ).toBe(403);
    const closed = await json(
      post(`/v1/leads/${lead.id}/appointments/${appointmentId}/close`, {
        result: "missed_by_rep",
        note: "double-booked",
      }),
    );
    expect(closed.appointments![0]).toMatchObject({ status: "missed_by_rep" });
    expect(
      (await post(`/v1/leads/${lead.id}/appointments/${appointmentId}/close`, { result: "held" })).status,
    ).toBe(409);
    expect(
      (await post(`/v1/leads/${lead.id}/appointments/01ARZ3NDEKTSV4RRFFQ69G5FAV/close`, { result: "held" }))
        .status,
    ).toBe(404);
    const events = (await timeline(api, lead.id)).filter((e) => e.type.startsWith("lead.appointment_"));
    expect(events.map((e) => e.type)).toEqual([
      "lead.appointment_scheduled",
      "lead.appointment_rescheduled",
      "lead.appointment_closed",
    ]);
    expect(events[1]).toMatchObject({ why: "CTO travelling", data: { from: inHours(-25), to: inHours(-1) } });
    expect(events[2]).toMatchObject({ data: { result: "missed_by_rep", repId: "rep-o" } });
  });

  it("only on an accepted lead, and at most 5 open at once", async () => {
    const pending = await captureReady(api, "appt-pending@example.com");
    await handOff(api, pending.id, "rep-o");
    expect((await post(`/v1/leads/${pending.id}/appointments`, { at: inHours(5) })).status).toBe(409);
    const lead = await acceptedLead(api, "appt-many@example.com", "rep-o", rep);
    for (let i = 1; i <= 5; i++)
      expect((await post(`/v1/leads/${lead.id}/appointments`, { at: inHours(i) })).status).toBe(201);
    expect((await post(`/v1/leads/${lead.id}/appointments`, { at: inHours(6) })).status).toBe(409);
  });
});

describe("outcomes", () => {
  it("won: a sale with its value; terminal; the outcome clock stops", async () => {
    const lead = await acceptedLead(api, "win@example.com", "rep-o", rep);
    expect(await slaItem(lead.id, "outcome")).toBeDefined();
    expect((await post(`/v1/leads/${lead.id}/won`, { kind: "sale" }, otherRep)).status).toBe(403);
    const won = await json(
      post(`/v1/leads/${lead.id}/won`, { kind: "introductory_order", value: 4_800, currency: "EUR" }),
    );
    expect(won).toMatchObject({
      status: "won",
      ownerId: "rep-o",
      outcome: { type: "won", kind: "introductory_order", value: 4_800, currency: "EUR" },
    });
    expect(await slaItem(lead.id, "outcome")).toBeUndefined();
    expect((await timeline(api, lead.id)).at(-1)).toMatchObject({
      type: "lead.won",
      data: { kind: "introductory_order", repId: "rep-o", handoffId: lead.handoff!.id },
    });
    for (const [path, body] of [
      ["lost", { reason: "timing" }],
      ["recycle", { followUpAt: inHours(100), reason: "x" }],
      ["qualify-out", { reason: "spam" }],
      ["handoff", { repId: "rep-x", notes: { summary: "again" }, override: { reason: "x" } }],
    ] as const) {
      const refused = await post(`/v1/leads/${lead.id}/${path}`, body);
      expect(refused.status, path).toBe(409);
      expect(await refused.json()).toMatchObject({ currentStatus: "won", allowed: [] });
    }
  });

  it("lost: reasons from the taxonomy (other needs a note), with competitor; also straight from a pending hand-off", async () => {
    const lead = await acceptedLead(api, "lose@example.com", "rep-o", rep);
    expect(await pointers(await post(`/v1/leads/${lead.id}/lost`, { reason: "too_expensive" }))).toEqual([
      "#/reason",
    ]);
    expect(await pointers(await post(`/v1/leads/${lead.id}/lost`, { reason: "other" }))).toEqual(["#/note"]);
    const lost = await json(
      post(`/v1/leads/${lead.id}/lost`, {
        reason: "chose_competitor",
        competitor: "Leadzilla",
        note: "cheaper, renews in 11 months",
      }),
    );
    expect(lost).toMatchObject({
      status: "lost",
      outcome: { type: "lost", reason: "chose_competitor", competitor: "Leadzilla" },
    });
    expect(await slaItem(lead.id, "outcome")).toBeUndefined();
    const pending = await captureReady(api, "lose-early@example.com");
    await handOff(api, pending.id, "rep-o");
    expect(await slaItem(pending.id, "accept")).toBeDefined();
    expect(await json(post(`/v1/leads/${pending.id}/lost`, { reason: "no_decision" }))).toMatchObject({
      status: "lost",
    });
    expect(await slaItem(pending.id, "accept")).toBeUndefined();
  });

  it("recycle: back to marketing with a future follow-up date and a reason", async () => {
    const lead = await acceptedLead(api, "recycle@example.com", "rep-o", rep);
    expect(
      await pointers(await post(`/v1/leads/${lead.id}/recycle`, { followUpAt: inHours(-1), reason: "x" })),
    ).toEqual(["#/followUpAt"]);
    const recycled = await json(
      post(`/v1/leads/${lead.id}/recycle`, {
        followUpAt: "2026-09-01T09:00:00+02:00",
        reason: "Budget comes in Q3",
      }),
    );
    expect(recycled).toMatchObject({
      status: "recycled",
      outcome: { type: "recycled", followUpAt: "2026-09-01T07:00:00.000Z", reason: "Budget comes in Q3" },
    });
  });

  it("qualify-out: by marketing or sales, from marketing's statuses only, with a taxonomy reason", async () => {
    const automation = await api.keyWith("automation");
    const lead = await json(api.call("POST", "/v1/leads", { body: { email: "student@example.edu" } }));
    expect(
      await pointers(await post(`/v1/leads/${lead.id}/qualify-out`, { reason: "bored" }, automation)),
    ).toEqual(["#/reason"]);
    const out = await json(
      post(`/v1/leads/${lead.id}/qualify-out`, { reason: "student_or_job_seeker" }, automation),
    );
    expect(out).toMatchObject({
      status: "qualified_out",
      outcome: { type: "qualified_out", reason: "student_or_job_seeker" },
    });
    const accepted = await acceptedLead(api, "no-qualify-out@example.com", "rep-o", rep);
    expect((await post(`/v1/leads/${accepted.id}/qualify-out`, { reason: "not_a_fit" })).status).toBe(409);
  });
});

describe("concurrent writes", () => {
  it("concurrent follow-ups and appointments on one lead are all kept (no lost update)", async () => {
    const lead = await acceptedLead(api, "busy@example.com", "rep-o", rep);
    const responses = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        post(`/v1/leads/${lead.id}/follow-ups`, { channel: "email", note: `mail ${i}` }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        post(`/v1/leads/${lead.id}/appointments`, { at: inHours(24 + i) }),
      ),
    ]);
    expect(responses.map((r) => r.status)).toEqual(Array(11).fill(201));
    const current = await json(api.call("GET", `/v1/leads/${lead.id}`));
    expect(current).toMatchObject({ version: lead.version + 11, followUps: { count: 8 } });
    expect(current.appointments).toHaveLength(3);
    const notes = (await timeline(api, lead.id))
      .filter((e) => e.type === "lead.follow_up_logged")
      .map((e) => e.data.note);
    expect(notes.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `mail ${i}`));
  });

  it("racing outcomes: exactly one of won, lost and recycle lands; follow-ups racing with them are either recorded or refused, never lost", async () => {
    const lead = await acceptedLead(api, "photo-finish@example.com", "rep-o", rep);
    const outcomes = [
      post(`/v1/leads/${lead.id}/won`, { kind: "sale" }),
      post(`/v1/leads/${lead.id}/lost`, { reason: "timing" }),
      post(`/v1/leads/${lead.id}/recycle`, { followUpAt: inHours(500), reason: "later" }),
    ];
    const followUps = Array.from({ length: 6 }, (_, i) =>
      post(`/v1/leads/${lead.id}/follow-ups`, { channel: "phone", note: `call ${i}` }),
    );
    const [o, f] = await Promise.all([Promise.all(outcomes), Promise.all(followUps)]);
    expect(o.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const winner = ["won", "lost", "recycled"][o.findIndex((r) => r.status === 200)]!;
    const current = await json<LeadBody>(api.call("GET", `/v1/leads/${lead.id}`));
    expect(current.status).toBe(winner);
    const events = await timeline(api, lead.id);
    expect(
      events.filter((e) => ["lead.won", "lead.lost", "lead.recycled"].includes(e.type)).map((e) => e.type),
    ).toEqual([`lead.${winner}`]);
    const recorded = f.filter((r) => r.status === 201).length;
    expect(f.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(current.followUps?.count ?? 0).toBe(recorded);
    expect(events.filter((e) => e.type === "lead.follow_up_logged")).toHaveLength(recorded);
    expect(current.version).toBe(lead.version + 1 + recorded);
  });
});
