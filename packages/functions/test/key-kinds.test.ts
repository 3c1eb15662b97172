import type { Lead } from "@rebound/core/lead";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import {
  acceptedLead,
  captureReady,
  handOff,
  json,
  readySignals,
  repKey,
  timeline,
} from "../../../test/handoff";
import { captureWithConsent } from "../../../test/rebound";

let api: TestApi;
let ingest: string;
beforeAll(async () => {
  api = await createTestApi("kinds");
  ingest = await api.keyWith("ingest");
});
afterAll(() => api.close());

const get = (id: string) => json<Lead>(api.call("GET", `/v1/leads/${id}`));

describe("the public ingest key only adds", () => {
  it("replays the issue's attack: an anonymous capture of a known email changes nothing but a touch and blank fields", async () => {
    // A qualified-out lead with consent and a rebound pending, its BANT answered.
    const lead = await captureWithConsent(api, "victim@example.com", { signals: { budget: "none" } });
    const out = await api.call("POST", `/v1/leads/${lead.id}/qualify-out`, { body: { reason: "no_budget" } });
    expect(out.status).toBe(200);
    const before = await get(lead.id);
    expect(before).toMatchObject({ status: "qualified_out", consent: { marketing: true } });
    expect(before.rebound?.pending.length).toBeGreaterThan(0);
    const attack = await api.call("POST", "/v1/leads", {
      key: ingest,
      body: {
        email: "Victim@Example.com",
        company: "Overwritten Ltd",
        phone: "+44 20 7946 0000",
        consent: { marketing: false },
        signals: readySignals,
        custom: { note: "injected" },
      },
    });
    expect(attack.status).toBe(202);
    expect(await attack.json()).toEqual({ status: "accepted" });
    const after = await get(lead.id);
    expect(after).toMatchObject({
      status: "qualified_out",
      company: before.company,
      consent: before.consent,
      signals: {
        ...before.signals,
        authority: readySignals.authority,
        need: readySignals.need,
        timeline: readySignals.timeline,
      },
      qualification: before.qualification,
      rebound: before.rebound,
      touchCount: before.touchCount + 1,
      // A blank field is filled: the touch is new information, never a rewrite.
      phone: "+44 20 7946 0000",
      custom: { note: "injected" },
    });
    expect(after.signals.budget).toBe("none");
    const last = (await timeline(api, lead.id)).filter((e) => e.version === after.version).map((e) => e.type);
    expect(last).toEqual(["lead.touched"]);
    expect((await timeline(api, lead.id)).at(-1)).toMatchObject({
      type: "lead.touched",
      data: { addsOnly: true, filled: ["phone"], signalsChanged: ["authority", "need", "timeline"] },
    });
  });

  it("never knocks a sales-ready lead back, never overwrites custom fields, and may grant consent", async () => {
    const ready = await captureReady(api, "ready@example.com");
    await api.call("POST", "/v1/leads", {
      key: ingest,
      body: {
        email: "ready@example.com",
        signals: { budget: "none", need: "none" },
        consent: { marketing: true },
      },
    });
    const after = await get(ready.id);
    expect(after).toMatchObject({
      status: "sales_ready",
      signals: readySignals,
      consent: { marketing: true },
    });
    const withCustom = await captureWithConsent(api, "custom@example.com", {
      consent: { marketing: false },
      custom: { plan: "gold" },
    });
    await api.call("POST", "/v1/leads", {
      key: ingest,
      body: {
        email: "custom@example.com",
        custom: { plan: "free", size: "10" },
        consent: { marketing: true },
      },
    });
    expect(await get(withCustom.id)).toMatchObject({
      custom: { plan: "gold", size: "10" },
      consent: { marketing: true },
    });
  });

  it("a trusted touch re-evaluates with what the public touches filled in", async () => {
    const lead = await captureWithConsent(api, "filled@example.com");
    expect(lead.status).toBe("nurturing");
    await api.call("POST", "/v1/leads", {
      key: ingest,
      body: { email: "filled@example.com", signals: readySignals },
    });
    expect((await get(lead.id)).status).toBe("nurturing");
    const automation = await api.keyWith("automation");
    const trusted = await api.call("POST", "/v1/leads", {
      key: automation,
      body: { email: "filled@example.com" },
    });
    expect(await trusted.json()).toMatchObject({ status: "sales_ready" });
  });
});

describe("rep and manager keys", () => {
  it("a rep reads and corrects only the leads handed to them, and only their own queue", async () => {
    const repA = await repKey(api, "rep-ka");
    const repB = await repKey(api, "rep-kb");
    const lead = await acceptedLead(api, "owned@example.com", "rep-ka", repA);
    const other = await captureReady(api, "not-owned@example.com");
    expect((await api.call("GET", `/v1/leads/${lead.id}`, { key: repA })).status).toBe(200);
    expect((await api.call("GET", `/v1/leads/${lead.id}/timeline`, { key: repA })).status).toBe(200);
    for (const [key, id] of [
      [repB, lead.id],
      [repA, other.id],
    ] as const) {
      expect((await api.call("GET", `/v1/leads/${id}`, { key })).status).toBe(403);
      expect((await api.call("GET", `/v1/leads/${id}/timeline`, { key })).status).toBe(403);
      const patch = await api.call("PATCH", `/v1/leads/${id}`, {
        key,
        body: { consent: { marketing: false } },
      });
      expect(patch.status).toBe(403);
    }
    expect((await get(other.id)).version).toBe(other.version);
    expect(
      (await api.call("PATCH", `/v1/leads/${lead.id}`, { key: repA, body: { company: "Right Co" } })).status,
    ).toBe(200);
    expect((await api.call("GET", "/v1/leads", { key: repA })).status).toBe(403);
    expect((await api.call("GET", "/v1/reps/rep-ka/leads", { key: repA })).status).toBe(200);
    expect((await api.call("GET", "/v1/reps/rep-kb/leads", { key: repA })).status).toBe(403);
    // A rep's capture of someone else's lead only adds, like a public form's.
    const capture = await api.call("POST", "/v1/leads", {
      key: repA,
      body: { email: "not-owned@example.com", company: "Hijacked", signals: { budget: "none" } },
    });
    expect(capture.status).toBe(202);
    expect(await get(other.id)).toMatchObject({
      status: "sales_ready",
      company: "Acme",
      signals: readySignals,
    });
  });

  it("a manager reassigns a hand-off: the new rep accepts afresh, the previous rep is out", async () => {
    const repA = await repKey(api, "rep-ra");
    const repB = await repKey(api, "rep-rb");
    const manager = await api.keyWith("sales");
    const lead = await acceptedLead(api, "reassign@example.com", "rep-ra", repA);
    for (const key of [repA, repB, await api.keyWith("automation")])
      expect(
        (await api.call("POST", `/v1/leads/${lead.id}/reassign`, { key, body: { repId: "rep-rb" } })).status,
      ).toBe(403);
    const moved = await api.call("POST", `/v1/leads/${lead.id}/reassign`, {
      key: manager,
      body: { repId: "rep-rb", reason: "Territory change." },
    });
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as Lead;
    expect(after).toMatchObject({ status: "handed_off", ownerId: "rep-rb", handoff: { repId: "rep-rb" } });
    expect(after.handoff!.id).not.toBe(lead.handoff!.id);
    expect((await timeline(api, lead.id)).at(-1)).toMatchObject({
      type: "lead.reassigned",
      data: { fromRepId: "rep-ra", repId: "rep-rb", from: "accepted", previousHandoffId: lead.handoff!.id },
    });
    expect(
      (await api.call("POST", `/v1/leads/${lead.id}/won`, { key: repA, body: { kind: "sale" } })).status,
    ).toBe(403);
    expect((await api.call("GET", `/v1/leads/${lead.id}`, { key: repA })).status).toBe(403);
    expect((await api.call("POST", `/v1/leads/${lead.id}/accept`, { key: repB })).status).toBe(200);
    // Reassigning to the rep who has it is a conflict; a lead with marketing cannot be reassigned.
    expect(
      (await api.call("POST", `/v1/leads/${lead.id}/reassign`, { key: manager, body: { repId: "rep-rb" } }))
        .status,
    ).toBe(409);
    const marketing = await captureReady(api, "marketing@example.com");
    expect(
      (
        await api.call("POST", `/v1/leads/${marketing.id}/reassign`, {
          key: manager,
          body: { repId: "rep-rb" },
        })
      ).status,
    ).toBe(409);
    // A second hand-off of a lead with sales is refused: reassigning is the way.
    expect((await handOff(api, lead.id, "rep-ra")).status).toBe(409);
  });
});
