/**
 * Query parameters that carry JSON (`?mapping={"E-Mail":"email"}`): the route declares the
 * string it validates and the schema of the JSON inside, and the document describes the
 * parameter by that schema (a parameter with `content: application/json`), so clients and
 * generated tests can build a valid value. A side table, like ./names.ts: registering costs
 * the Lambda nothing, the conversion happens only where the document is generated.
 */
const contents = new WeakMap<object, object>();

export function jsonEncoded<T extends object>(string: T, content: object): T {
  contents.set(string, content);
  return string;
}

export function jsonContentOf(schema: object): object | undefined {
  return contents.get(schema);
}
