import { HttpProblem } from "./problem";

export const etagOf = (version: number) => `"${version}"`;

/**
 * The version an If-Match header pins, `undefined` when absent or "*" (any version).
 * Accepts strong and weak forms ("3", W/"3").
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match) {
    throw new HttpProblem(
      400,
      "bad-request",
      "Bad request",
      'If-Match must be an ETag this API returned, e.g. "3".',
      [{ path: ["header", "If-Match"], message: "not a valid ETag", code: "invalid_etag" }],
    );
  }
  return Number(match[1]);
}
