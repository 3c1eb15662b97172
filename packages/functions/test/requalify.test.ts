import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { json, type LeadBody, timeline } from "../../../test/handoff";
import { defaultPolicyInput } from "../../core/src/qualification/policy";
import { REQUALIFY_JOB, type RequalifyState, runRequalification } from "../../core/src/usecases";
import { leadDeps } from "../src/api/deps";

let api: TestApi;
const run = (maxLeads: number) => runRequalification({ ...leadDeps(api.deps), maxLeads, pageSize: 4 });

/** Signals that pass the default policy with a planned budget only: a policy wanting an approved budget fails them. */
const planned = {
  budget: "planned",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_1_month",
};
/** Leads that fail the default policy on timeline alone; a policy without a timeline criterion passes them. */
const slow = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "over_6_months",
};

async function publish(criteria: Record<string, unknown>) {
  const response = await api.call("PUT", "/v1/policies/sales-ready", {
    body: { ...defaultPolicyInput, criteria: { ...defaultPolicyInput.criteria, ...criteria } },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { version: number }).version;
}

const verdicts = async (leadId: string) =>
  (await timeline(api, leadId)).filter(
    (e) => e.type === "lead.qualified" && e.actor.id === "requalification",
  );

let slowLeads: LeadBody[];
let readyLeads: LeadBody[];
beforeAll(async () => {
  api = await createTestApi("requalify");
  slowLeads = [];
  readyLeads = [];
  for (let i = 0; i < 9; i++)
    slowLeads.push(
      await json(api.call("POST", "/v1/leads", { body: { email: `slow${i}@example.com`, signals: slow } })),
    );
  for (let i = 0; i < 3; i++)
    readyLeads.push(
      await json(
        api.call("POST", "/v1/leads", { body: { email: `ready${i}@example.com`, signals: planned } }),
      ),
    );
});
afterAll(() => api.close());

describe("re-qualification after a policy publish", () => {
  it("has nothing to do before a new version is published", async () => {
    expect(await run(100)).toMatchObject({ policyVersion: 1, processed: 0, complete: true });
  });

  it("re-judges open leads in bounded, resumable runs, each with its verdict on the timeline, once, whoever runs", async () => {
    expect(slowLeads.every((l) => l.status === "nurturing")).toBe(true);
    const version = await publish({
      timeline: ["within_1_month", "within_3_months", "within_6_months", "over_6_months"],
    });
    const first = await run(5);
    expect(first).toMatchObject({ policyVersion: version, processed: 5, complete: false });
    // Overlapping runs: the job's revision lets one of them move the cursor at a time.
    const overlapping = await Promise.all([run(5), run(5), run(5)]);
    let complete = overlapping.some((r) => r.complete);
    for (let i = 0; i < 5 && !complete; i++) complete = (await run(5)).complete;
    expect(complete).toBe(true);
    for (const lead of slowLeads) {
      const now = await json(api.call("GET", `/v1/leads/${lead.id}`));
      expect(now).toMatchObject({
        status: "sales_ready",
        qualification: { policyVersion: version, passed: true },
      });
      const recorded = await verdicts(lead.id);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        why: `sales-ready policy version ${version} published`,
        data: { from: "nurturing", to: "sales_ready" },
      });
    }
    // Sales-ready leads are not walked: they keep the verdict they had.
    for (const lead of readyLeads) expect(await verdicts(lead.id)).toHaveLength(0);
    expect(await run(100)).toMatchObject({ processed: 0, complete: true });
    const job = await api.stores.jobs.get<RequalifyState>(REQUALIFY_JOB);
    expect(job!.state).toMatchObject({
      policyVersion: version,
      processed: expect.any(Number),
      finishedAt: expect.any(String),
    });
  });

  it("restarts for a newer version published while a walk is under way", async () => {
    const open: LeadBody[] = [];
    for (let i = 0; i < 6; i++)
      open.push(
        await json(
          api.call("POST", "/v1/leads", {
            body: { email: `open${i}@example.com`, signals: { ...slow, budget: "none" } },
          }),
        ),
      );
    const older = await publish({ budget: ["approved"] });
    await run(2);
    const newer = await publish({ budget: ["approved", "planned"], timeline: ["within_1_month"] });
    expect(newer).toBe(older + 1);
    let result = await run(100);
    while (!result.complete) result = await run(100);
    expect(result.policyVersion).toBe(newer);
    // Captured and nurturing leads now carry the newest verdict; sales-ready ones are left as they were.
    const nurturing = (await api.stores.leads.list({ status: "nurturing" }, 100, undefined)).items;
    expect(nurturing.map((l) => l.id).sort()).toEqual(open.map((l) => l.id).sort());
    for (const lead of nurturing) {
      expect(lead.qualification!.policyVersion).toBe(newer);
      expect(
        (await verdicts(lead.id)).filter(
          (e) => (e.data.verdict as { policyVersion: number }).policyVersion === newer,
        ),
      ).toHaveLength(1);
    }
  });
});
