import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("adapters")));
afterAll(() => api.close());

const typeformPayload = (token: string, email: string) => ({
  event_id: `evt-${token}`,
  event_type: "form_response",
  form_response: {
    form_id: "lT4Z3j",
    token,
    submitted_at: "2026-03-02T09:00:00Z",
    hidden: { utm_source: "linkedin" },
    definition: { id: "lT4Z3j", title: "Demo request", fields: [] },
    answers: [
      { type: "email", email, field: { id: "f1", type: "email", ref: "7c1f-uuid" } },
      { type: "text", text: "Corp", field: { id: "f2", type: "short_text", ref: "company" } },
      {
        type: "choice",
        choice: { label: "Decision Maker" },
        field: { id: "f3", type: "multiple_choice", ref: "role" },
      },
    ],
  },
});

describe("POST /v1/capture/{adapter}", () => {
  it("form (JSON): conventional fields feed the lead, others become custom fields; 201 then 200 as /v1/leads", async () => {
    const created = await api.call("POST", "/v1/capture/form?source=form:contact-us", {
      body: {
        email: "Form@X.io",
        first_name: "Fo",
        last_name: "Rm",
        company: "X",
        message: "Call me",
        utm_campaign: "spring",
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toMatch(/^\/v1\/leads\//);
    expect(await created.json()).toMatchObject({
      email: "form@x.io",
      name: "Fo Rm",
      company: "X",
      custom: { message: "Call me" },
      origin: { type: "form", id: "contact-us", utm: { campaign: "spring" } },
    });
    const touched = await api.call("POST", "/v1/capture/form", {
      body: { email: "form@x.io", job_title: "CEO" },
    });
    expect(touched.status).toBe(200);
    expect(await touched.json()).toMatchObject({ title: "CEO", touchCount: 2 });
  });

  it("form (urlencoded, as a plain HTML form posts): checkbox consent and repeated fields", async () => {
    const body = new URLSearchParams([
      ["email", "html@x.io"],
      ["name", "Ht Ml"],
      ["newsletter", "on"],
      ["topics", "crm"],
      ["topics", "erp"],
    ]).toString();
    const response = await api.call("POST", "/v1/capture/form", {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      email: "html@x.io",
      consent: { marketing: true },
      custom: { topics: "crm, erp" },
    });
  });

  it("form: a mapping names fields, a submission without an email is a 422 pointing at it, ingest-only keys get 202", async () => {
    const mapped = await api.call(
      "POST",
      `/v1/capture/form?mapping=${encodeURIComponent(JSON.stringify({ "E-Mail": "email", Firma: "company" }))}`,
      { body: { "E-Mail": "map@x.io", Firma: "Y" } },
    );
    expect(await mapped.json()).toMatchObject({ email: "map@x.io", company: "Y" });
    const invalid = await api.call("POST", "/v1/capture/form", { body: { name: "No Email" } });
    expect(invalid.status).toBe(422);
    expect(
      ((await invalid.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer),
    ).toEqual(["#/email"]);
    const ingest = await api.keyWith("ingest");
    const accepted = await api.call("POST", "/v1/capture/form", { key: ingest, body: { email: "map@x.io" } });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ status: "accepted" });
  });

  it("typeform: reads answers by ref and the email by type; Typeform's retry of the same response replays", async () => {
    const first = await api.call(
      "POST",
      "/v1/capture/typeform?mapping=%7B%22role%22%3A%22signals.authority%22%7D",
      { body: typeformPayload("tok-1", "tf@x.io") },
    );
    expect(first.status).toBe(201);
    const lead = (await first.json()) as { id: string };
    expect(lead).toMatchObject({
      email: "tf@x.io",
      company: "Corp",
      signals: { authority: "decision_maker" },
      origin: { type: "form", id: "lT4Z3j", utm: { source: "linkedin" } },
    });
    const retry = await api.call(
      "POST",
      "/v1/capture/typeform?mapping=%7B%22role%22%3A%22signals.authority%22%7D",
      { body: typeformPayload("tok-1", "tf@x.io") },
    );
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(
      ((await (await api.call("GET", `/v1/leads/${lead.id}`)).json()) as { touchCount: number }).touchCount,
    ).toBe(1);
    // A new response of the same person is a new touch.
    expect(
      (await api.call("POST", "/v1/capture/typeform", { body: typeformPayload("tok-2", "tf@x.io") })).status,
    ).toBe(200);
  });

  it("refuses unknown adapters (404) and payloads that are not Typeform's (422)", async () => {
    // Each adapter is its own operation now (issue 12: the form one answers browsers too).
    expect((await api.call("POST", "/v1/capture/hubspot", { body: { email: "a@x.io" } })).status).toBe(404);
    expect((await api.call("POST", "/v1/capture/typeform", { body: { email: "a@x.io" } })).status).toBe(422);
  });
});
