import type { Context } from "hono";

/**
 * The few HTML pages the API answers a plain HTML form with (a browser navigated here, so
 * problem+json would be a page of JSON to a person). Static markup, every value escaped, no
 * script; the security headers forbid loading anything at all.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/**
 * The first candidate that is an absolute http(s) URL, for a "back to the form" link. Anything
 * else (javascript:, data:, relative or garbled) is skipped: a Referer is whatever the client says.
 */
export function safeLink(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    if (!candidate || candidate.length > 2_000) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === "https:" || url.protocol === "http:") return url.href;
    } catch {
      // not a URL: try the next one
    }
  }
  return undefined;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}h1{font-size:1.5rem}li{margin:.25rem 0}a{color:#0b5cad}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The minimal thank-you page a form is redirected to when its key names no page of its own. */
export function thankYouPage(backUrl?: string): string {
  const back = backUrl ? `\n<p><a href="${escapeHtml(backUrl)}">Back to the site</a></p>` : "";
  return page("Thank you", `<h1>Thank you</h1>\n<p>Your submission was received.</p>${back}`);
}

export interface RejectedSubmission {
  status: number;
  title: string;
  detail?: string | undefined;
  /** Field-level reasons, in the form's own field names where known. */
  errors?: { field: string; message: string }[] | undefined;
  retryAfterSeconds?: number | undefined;
  /** Where "back to the form" leads: the Referer or the key's form URL, already checked with safeLink. */
  backUrl?: string | undefined;
}

/** A readable page for a submission that was refused, with what to fix and a link back to the form. */
export function rejectedPage(rejection: RejectedSubmission): string {
  const parts = [`<h1>${escapeHtml(rejection.title)}</h1>`];
  if (rejection.detail) parts.push(`<p>${escapeHtml(rejection.detail)}</p>`);
  if (rejection.errors?.length) {
    const items = rejection.errors.map(
      (e) => `<li>${e.field ? `<strong>${escapeHtml(e.field)}</strong>: ` : ""}${escapeHtml(e.message)}</li>`,
    );
    parts.push(`<ul>\n${items.join("\n")}\n</ul>`);
  }
  if (rejection.retryAfterSeconds !== undefined)
    parts.push(`<p>Please try again in ${rejection.retryAfterSeconds} seconds.</p>`);
  parts.push(
    rejection.backUrl
      ? `<p><a href="${escapeHtml(rejection.backUrl)}">Back to the form</a></p>`
      : "<p>Use your browser's back button to return to the form.</p>",
  );
  parts.push(`<p><small>Error ${rejection.status}</small></p>`);
  return page(rejection.title, parts.join("\n"));
}

/** Headers of every HTML answer: the page may load nothing, run nothing and post nowhere. */
export const htmlHeaders: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
};

export function htmlResponse(c: Context, status: number, html: string, headers: Record<string, string> = {}) {
  return c.body(html, status as 200, { ...htmlHeaders, ...headers });
}
