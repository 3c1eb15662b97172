/**
 * The honeypot field of form capture: a text input hidden from people (CSS, `tabindex="-1"`,
 * `autocomplete="off"`), which bots that fill every input fill. Its name contains "website" because
 * that is what form-filling bots look for; the prefix keeps it from ever colliding with a real
 * field, since a B2B form may well ask for the company's website.
 */
export const HONEYPOT_FIELD = "rb_website";

/**
 * Takes the honeypot out of a form's fields (it must never become a custom field) and says
 * whether it was filled. Whitespace alone counts as empty: some browsers' autofill leaves a space.
 */
export function takeHoneypot<V>(fields: Record<string, V>): { filled: boolean; fields: Record<string, V> } {
  if (!Object.hasOwn(fields, HONEYPOT_FIELD)) return { filled: false, fields };
  const { [HONEYPOT_FIELD]: bait, ...rest } = fields;
  const values = Array.isArray(bait) ? bait : [bait];
  const filled = values.some((value) => value !== null && value !== undefined && String(value).trim() !== "");
  return { filled, fields: rest };
}
