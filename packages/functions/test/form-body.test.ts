import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFormBody } from "../src/api/http/form-body";
import { rejectedPage, safeLink, thankYouPage } from "../src/api/http/html-page";
import { HttpProblem } from "../src/api/http/problem";

/** Field name → values, as a form would send them (a name may repeat). */
const formEntries = fc.array(
  fc.tuple(
    fc.string({ minLength: 1, maxLength: 12, unit: "binary" }),
    fc.string({ maxLength: 40, unit: "binary" }),
  ),
  { maxLength: 12 },
);

function grouped(entries: [string, string][]) {
  const all = new Map<string, string[]>();
  for (const [name, value] of entries) all.set(name, [...(all.get(name) ?? []), value]);
  // fromEntries, not assignment: a field may be called "__proto__".
  return Object.fromEntries(
    [...all].map(([name, values]) => [name, values.length === 1 ? values[0]! : values]),
  );
}

/** What a browser would send: the bytes and Content-Type (with its boundary) of a multipart FormData. */
async function multipart(entries: [string, string][], file?: { name: string; content: string }) {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  if (file) form.append(file.name, new Blob([file.content], { type: "text/plain" }), "notes.txt");
  const request = new Request("http://x/", { method: "POST", body: form });
  return { type: request.headers.get("content-type")!, bytes: new Uint8Array(await request.arrayBuffer()) };
}

async function problemOf(promise: Promise<unknown>): Promise<HttpProblem> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error("expected a problem");
}

// Lone surrogates cannot be encoded as UTF-8 by any browser; they are not form data.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (entries: [string, string][]) =>
  entries.every(([n, v]) => !loneSurrogate.test(n) && !loneSurrogate.test(v));

describe("parseFormBody", () => {
  it("urlencoded: every field and value comes back as the browser encoded it, repeats grouped (property)", async () => {
    await fc.assert(
      fc.asyncProperty(formEntries.filter(wellFormed), async (entries) => {
        const body = new TextEncoder().encode(new URLSearchParams(entries).toString());
        expect(await parseFormBody("application/x-www-form-urlencoded", body)).toEqual(grouped(entries));
      }),
    );
  });

  it("multipart: the same, and uploaded files are dropped (property)", async () => {
    // The HTML spec escapes '"', CR and LF in multipart field names, and sends every line break in a value as CRLF.
    const plainNames = (entries: [string, string][]) => entries.every(([name]) => !/["\r\n]/.test(name));
    const crlf = (entries: [string, string][]) =>
      entries.map(([name, value]) => [name, value.replace(/\r\n|\r|\n/g, "\r\n")] as [string, string]);
    await fc.assert(
      fc.asyncProperty(formEntries.filter(wellFormed).filter(plainNames), async (entries) => {
        const { type, bytes } = await multipart(entries, { name: "attachment", content: "a file" });
        expect(await parseFormBody(type, bytes)).toEqual(grouped(crlf(entries)));
      }),
      { numRuns: 50 },
    );
  });

  it("urlencoded: '+' is a space and a name without '=' has an empty value", async () => {
    const body = new TextEncoder().encode("name=Ada+Lovelace&newsletter&topics=crm&topics=erp&&=orphan");
    expect(await parseFormBody("application/x-www-form-urlencoded; charset=UTF-8", body)).toEqual({
      name: "Ada Lovelace",
      newsletter: "",
      topics: ["crm", "erp"],
    });
  });

  it("refuses malformed bodies with 400 and other media types with 415", async () => {
    const urlencoded = "application/x-www-form-urlencoded";
    for (const bad of ["email=%ZZ", "email=%E2%82", "%C3(=x"]) {
      const problem = await problemOf(parseFormBody(urlencoded, new TextEncoder().encode(bad)));
      expect([problem.status, problem.slug]).toEqual([400, "malformed-form"]);
    }
    expect((await problemOf(parseFormBody(urlencoded, new Uint8Array([0x61, 0x3d, 0xff])))).status).toBe(400);
    const { type, bytes } = await multipart([["email", "a@b.io"]]);
    for (const [badType, badBytes] of [
      ["multipart/form-data", bytes], // no boundary
      [type, bytes.slice(0, bytes.length - 20)], // truncated
      [type, new TextEncoder().encode("hello")],
    ] as const) {
      const problem = await problemOf(parseFormBody(badType, badBytes));
      expect([problem.status, problem.slug]).toEqual([400, "malformed-form"]);
    }
    expect((await problemOf(parseFormBody("application/json", new Uint8Array()))).status).toBe(415);
  });
});

describe("HTML answer pages", () => {
  it("escape everything they show", () => {
    const html = rejectedPage({
      status: 422,
      title: "Please <check> the form",
      detail: `"quotes" & <script>alert(1)</script>`,
      errors: [{ field: "e<mail>", message: "Required & <b>bold</b>" }],
      backUrl: safeLink("https://example.com/form?a=1&b=<2>"),
    });
    expect(html).not.toMatch(/<script|<check>|<b>|<mail>/);
    expect(html).toContain("Please &lt;check&gt; the form");
    expect(html).toContain("&quot;quotes&quot; &amp; &lt;script&gt;");
    expect(html).toContain('<a href="https://example.com/form?a=1&amp;b=%3C2%3E">Back to the form</a>');
    expect(thankYouPage()).toContain("<h1>Thank you</h1>");
  });

  it("link back only to http(s) URLs", () => {
    expect(safeLink("javascript:alert(1)", "data:text/html,x", "/relative", "https://ok.example/form")).toBe(
      "https://ok.example/form",
    );
    expect(safeLink(undefined, "not a url")).toBeUndefined();
    expect(rejectedPage({ status: 400, title: "x" })).toContain("back button");
  });
});
