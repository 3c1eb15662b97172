import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { CorruptItemError } from "@rebound/core/kernel";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("stored-items")));
afterAll(() => api.close());

const put = (Item: Record<string, unknown>) =>
  api.table.client.send(new PutCommand({ TableName: api.table.tableName, Item }));

// Every repository read parses what it read with the entity's schema: a stored item that
// does not match is our bug or corruption, reported as such, never passed on as a cast.
describe("entities are checked where they are read back", () => {
  it("a malformed lead item is an internal error naming the item and the field, not a lead", async () => {
    const id = "01JZZZZZZZZZZZZZZZZZZZZZZZ";
    await put({ pk: `LEAD#${id}`, sk: "LEAD", entity: "lead", id, email: "broken@x.io", version: "one" });
    const read = api.stores.leads.get(id);
    await expect(read).rejects.toBeInstanceOf(CorruptItemError);
    await expect(read).rejects.toThrow(`Stored lead LEAD#${id} / LEAD does not match its schema`);
    await expect(api.stores.leads.get(id)).rejects.toThrow(/status: .*; .*version: /);

    // Log lines are JSON written straight to stdout (packages/functions/src/observability/log.ts).
    const logged = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const response = await api.call("GET", `/v1/leads/${id}`);
    const errors = logged.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
    logged.mockRestore();
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ type: "urn:rebound:problem:internal" });
    expect(errors).toContainEqual(
      expect.objectContaining({
        level: "ERROR",
        message: "unhandled error",
        error: expect.stringContaining(`Stored lead LEAD#${id} / LEAD`),
      }),
    );
  });

  it("so are a malformed policy, stored response and segment member", async () => {
    await put({
      pk: "POLICY#rebound",
      sk: "CURRENT",
      entity: "rebound_policy_current",
      version: 3,
      default: "soon",
    });
    await expect(api.stores.reboundPolicies.current()).rejects.toThrow(/Stored rebound policy .* default/);

    await put({
      pk: "IDEM#p#k",
      sk: "IDEM",
      principalId: "p",
      key: "k",
      fingerprint: "f",
      status: 201,
      body: "{not json",
      createdAt: "2026-03-02T09:00:00.000Z",
      expiresAt: 4_000_000_000,
    });
    await expect(api.stores.idempotency.find("p", "k", 0)).rejects.toThrow(
      /Stored idempotency record .* body: not JSON/,
    );

    await put({
      pk: "LEAD#L",
      sk: "RBSEG#0001",
      gsi2pk: "RBSEG#0",
      gsi2sk: "2026-01-01T00:00:00.000Z#L#0001",
      entity: "segment_member",
      cycle: 1,
    });
    await expect(
      api.stores.segments.page({ enteredBefore: "2026-02-01T00:00:00.000Z", limit: 10 }),
    ).rejects.toThrow(/Stored segment member LEAD#L \/ RBSEG#0001/);
  });
});
