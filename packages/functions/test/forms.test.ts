import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, createTestApi, type TestApi } from "../../../test/api";
import { HONEYPOT_FIELD, typeformSignature } from "../../core/src/intake";
import type { Lead } from "../../core/src/lead";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("forms")));
afterAll(() => api.close());

const SITE = "https://www.example.com";

async function ingestKey(
  ingest: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await api.call("POST", "/v1/api-keys", {
    body: { name: "site form", scopes: ["ingest"], ingest, ...extra },
  });
  if (response.status !== 201) throw new Error(await response.text());
  return ((await response.json()) as { token: string }).token;
}

/** What a browser sends for a plain `<form method="post" action="…?key=…">`: no key header. */
function browserPost(path: string, body: string | FormData, headers: Record<string, string> = {}) {
  const defaults: Record<string, string> =
    typeof body === "string" ? { "content-type": "application/x-www-form-urlencoded" } : {};
  return Promise.resolve(
    api.app.request(path, { method: "POST", headers: { origin: SITE, ...defaults, ...headers }, body }),
  );
}

async function leadByEmail(email: string): Promise<Lead | undefined> {
  const id = await api.stores.leads.leadIdByEmail(email);
  return id ? api.stores.leads.get(id) : undefined;
}

describe("forms without JavaScript", () => {
  it("urlencoded: 303 See Other to the key's page, and the lead is captured", async () => {
    const key = await ingestKey({ allowedOrigins: [SITE], redirectUrl: `${SITE}/thanks?from=form` });
    const body = new URLSearchParams({
      email: "plain@x.io",
      name: "Plain Form",
      newsletter: "on",
    }).toString();
    const response = await browserPost(`/v1/capture/form?key=${key}&source=form:contact`, body);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${SITE}/thanks?from=form`);
    expect(await leadByEmail("plain@x.io")).toMatchObject({
      name: "Plain Form",
      consent: { marketing: true },
      origin: { type: "form", id: "contact" },
    });
  });

  it("multipart: 303 to the API's thank-you page when the key names none; that page is HTML", async () => {
    const key = await ingestKey({ allowedOrigins: [SITE] });
    const form = new FormData();
    form.append("email", "multi@x.io");
    form.append("company", "Multipart Ltd");
    const response = await browserPost(`/v1/capture/form?key=${key}`, form);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/v1/capture/thanks");
    expect(await leadByEmail("multi@x.io")).toMatchObject({ company: "Multipart Ltd" });
    const thanks = await api.call("GET", "/v1/capture/thanks", {
      key: null,
      headers: { referer: `${SITE}/contact` },
    });
    expect(thanks.status).toBe(200);
    expect(thanks.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await thanks.text()).toContain(`href="${SITE}/contact"`);
  });

  it("a rejected submission gets a readable page with what to fix and a link back", async () => {
    const key = await ingestKey({ allowedOrigins: [SITE], formUrl: `${SITE}/contact` });
    const invalid = await browserPost(`/v1/capture/form?key=${key}`, "name=No+Email", {
      referer: `${SITE}/landing?campaign=spring`,
    });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toMatch(/^text\/html/);
    expect(invalid.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await invalid.text();
    expect(page).toContain("<strong>email</strong>");
    // The key's form page is the way back (a cross-site Referer is only the origin)…
    expect(page).toContain(`href="${SITE}/contact"`);
    const malformed = await browserPost(`/v1/capture/form?key=${key}`, "email=%ZZ");
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain(`href="${SITE}/contact"`);
    // …and the Referer when the key names none.
    const bare = await ingestKey({ allowedOrigins: [SITE] });
    const viaReferer = await browserPost(`/v1/capture/form?key=${bare}`, "name=No+Email", {
      referer: `${SITE}/landing?campaign=spring`,
    });
    expect(await viaReferer.text()).toContain(`href="${SITE}/landing?campaign=spring"`);
    const broken = await browserPost(`/v1/capture/form?key=${key}`, "not a multipart body", {
      "content-type": "multipart/form-data; boundary=x",
    });
    expect([broken.status, broken.headers.get("content-type")?.split(";")[0]]).toEqual([400, "text/html"]);
    const foreign = await browserPost(`/v1/capture/form?key=${key}`, "email=a@x.io", {
      origin: "https://evil.example",
    });
    expect([foreign.status, foreign.headers.get("content-type")?.split(";")[0]]).toEqual([403, "text/html"]);
    expect(foreign.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await browserPost(`/v1/capture/form?key=rbk_abcdefgh_${"x".repeat(43)}`, "email=a@x.io");
    expect([unknown.status, unknown.headers.get("content-type")?.split(";")[0]]).toEqual([401, "text/html"]);
  });

  it("is rate limited like any use of the key: a 429 page with Retry-After", async () => {
    const key = await ingestKey(
      { allowedOrigins: [SITE] },
      { rateLimit: { requests: 1, windowSeconds: 60 } },
    );
    expect((await browserPost(`/v1/capture/form?key=${key}`, "email=once@x.io")).status).toBe(303);
    const limited = await browserPost(`/v1/capture/form?key=${key}`, "email=twice@x.io");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited.text()).toContain("try again in");
  });

  it("only ingest keys may be in the URL, and only on the form and Typeform captures", async () => {
    const automation = await api.keyWith("automation");
    const page = await browserPost(`/v1/capture/form?key=${automation}`, "email=leak@x.io");
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("may not be sent in the URL");
    expect(await leadByEmail("leak@x.io")).toBeUndefined();
    const admin = await api.call("POST", `/v1/capture/typeform?key=${ADMIN_KEY}`, { key: null, body: {} });
    expect(admin.status).toBe(403);
    expect(await admin.json()).toMatchObject({ type: "urn:rebound:problem:key-in-url" });
    const ingest = await api.keyWith("ingest");
    const elsewhere = await api.call("GET", `/v1/leads?key=${ingest}`, { key: null });
    expect(elsewhere.status).toBe(401);
    expect(((await elsewhere.json()) as { detail: string }).detail).toContain("Authorization header");
  });
});

describe("the honeypot", () => {
  it(`a filled ${HONEYPOT_FIELD} is answered as accepted and writes nothing, from a plain form or a script`, async () => {
    const key = await ingestKey({ allowedOrigins: [SITE], serverToServer: true });
    const bot = new URLSearchParams({
      email: "bot@x.io",
      [HONEYPOT_FIELD]: "http://spam.example",
    }).toString();
    const page = await browserPost(`/v1/capture/form?key=${key}`, bot);
    expect(page.status).toBe(303);
    const script = await api.call("POST", "/v1/capture/form", {
      key,
      body: { email: "bot2@x.io", [HONEYPOT_FIELD]: "x" },
    });
    expect([script.status, await script.json()]).toEqual([202, { status: "accepted" }]);
    const admin = await api.call("POST", "/v1/capture/form", {
      body: { email: "bot3@x.io", [HONEYPOT_FIELD]: "x" },
    });
    expect(admin.status).toBe(202);
    for (const email of ["bot@x.io", "bot2@x.io", "bot3@x.io"])
      expect(await leadByEmail(email)).toBeUndefined();
    // Left empty (a person), the field is dropped, never stored as a custom field.
    const person = new URLSearchParams({ email: "person@x.io", [HONEYPOT_FIELD]: "" }).toString();
    expect((await browserPost(`/v1/capture/form?key=${key}`, person)).status).toBe(303);
    expect((await leadByEmail("person@x.io"))?.custom).toEqual({});
  });
});

describe("Typeform signatures", () => {
  const secret = "typeform-webhook-secret-0123";
  const payload = (token: string, email: string) =>
    JSON.stringify({
      event_type: "form_response",
      form_response: {
        form_id: "sig",
        token,
        answers: [{ type: "email", email, field: { id: "f1", type: "email" } }],
      },
    });
  const deliver = (key: string, body: string, signature?: string) =>
    api.call("POST", `/v1/capture/typeform?key=${key}`, {
      key: null,
      body,
      headers: signature ? { "typeform-signature": signature } : {},
    });

  it("a key holding the webhook's secret takes signed deliveries only", async () => {
    const key = await ingestKey({ serverToServer: true }, { typeformSecret: secret });
    const listed = await api.call("GET", "/v1/api-keys?limit=100");
    expect(await listed.text()).not.toContain(secret);
    const body = payload("t1", "signed@x.io");
    expect((await deliver(key, body, typeformSignature(body, secret))).status).toBe(202);
    expect(await leadByEmail("signed@x.io")).toBeDefined();
    for (const signature of [undefined, typeformSignature(body, "another-secret-000000"), "sha256=nope"]) {
      const refused = await deliver(key, payload("t2", "forged@x.io"), signature);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ type: "urn:rebound:problem:bad-signature" });
    }
    // A signature over other bytes does not carry over to this body.
    expect((await deliver(key, payload("t3", "forged@x.io"), typeformSignature(body, secret))).status).toBe(
      403,
    );
    expect(await leadByEmail("forged@x.io")).toBeUndefined();
  });

  it("an ingest key without a secret is refused for Typeform; a trusted key without one is not", async () => {
    const key = await ingestKey({ serverToServer: true });
    const refused = await deliver(key, payload("t4", "unsigned@x.io"));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: "urn:rebound:problem:typeform-secret-required" });
    const trusted = await api.call("POST", "/v1/capture/typeform", { body: payload("t5", "trusted@x.io") });
    expect(trusted.status).toBe(201);
  });
});
