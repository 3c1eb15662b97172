import { HttpProblem } from "./problem";

/** A plain HTML form's fields: one value per name, or all of them when a name repeats (checkbox groups). */
export type FormFields = Record<string, string | string[]>;

const URLENCODED = /^application\/x-www-form-urlencoded\b/i;
const MULTIPART = /^multipart\/form-data\b/i;

/** The media types an HTML `<form method="post">` sends (`enctype`). */
export const formMediaTypes = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

export function isFormMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && (URLENCODED.test(contentType) || MULTIPART.test(contentType));
}

function malformed(detail: string): HttpProblem {
  return new HttpProblem(400, "malformed-form", "Malformed form body", detail);
}

function add(fields: Map<string, string[]>, name: string, value: string): void {
  if (name === "") return;
  const values = fields.get(name);
  if (values) values.push(value);
  else fields.set(name, [value]);
}

/**
 * application/x-www-form-urlencoded, strictly: a `%` must start a valid UTF-8 escape and the
 * bytes must be UTF-8. URLSearchParams would turn both into U+FFFD silently; a browser never
 * sends either, so a body that has them is a client bug worth a 400, not a garbled lead.
 */
function parseUrlencoded(bytes: Uint8Array): Map<string, string[]> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw malformed("The form body is not UTF-8.");
  }
  const fields = new Map<string, string[]>();
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [rawName, rawValue] = at === -1 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    try {
      add(
        fields,
        decodeURIComponent(rawName.replace(/\+/g, " ")),
        decodeURIComponent(rawValue.replace(/\+/g, " ")),
      );
    } catch {
      throw malformed(`The form field "${rawName.slice(0, 64)}" has an invalid %-escape.`);
    }
  }
  return fields;
}

/** multipart/form-data through the runtime's own parser (undici's, as fetch uses); uploaded files are dropped. */
async function parseMultipart(contentType: string, bytes: Uint8Array): Promise<Map<string, string[]>> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw malformed("The multipart body could not be parsed (check the boundary and the part headers).");
  }
  const fields = new Map<string, string[]>();
  for (const [name, value] of form.entries()) if (typeof value === "string") add(fields, name, value);
  return fields;
}

/**
 * Parses the body of a plain HTML form post. Pure: content type and bytes in, fields out;
 * a malformed body is a 400 problem. The caller has already bounded the body's size.
 */
export async function parseFormBody(
  contentType: string,
  body: ArrayBuffer | Uint8Array,
): Promise<FormFields> {
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
  let fields: Map<string, string[]>;
  if (URLENCODED.test(contentType)) fields = parseUrlencoded(bytes);
  else if (MULTIPART.test(contentType)) fields = await parseMultipart(contentType, bytes);
  else
    throw new HttpProblem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      `Send the form as ${formMediaTypes.join(" or ")}.`,
    );
  return Object.fromEntries(
    [...fields].map(([name, values]) => [name, values.length === 1 ? values[0]! : values]),
  );
}
