import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ApiKeyStore } from "./api-keys";
import { BulkReader } from "./bulk-reads";
import { IdempotencyStore } from "./idempotency";
import { LeadStore } from "./leads";
import { PolicyStore } from "./policies";
import { SlaQueueStore } from "./sla-queue";

export * from "./table";
export * from "./client";
export * from "./ensure-table";
export * from "./keys";
export * from "./errors";
export * from "./transact";
export * from "./merge";
export { LeadStore, type LeadChange, type LeadFilter } from "./leads";
export { ApiKeyStore } from "./api-keys";
export { IdempotencyStore, type StoredResponse } from "./idempotency";
export { BulkReader } from "./bulk-reads";
export * from "./capacity";
export { PolicyStore } from "./policies";
export { SlaQueueStore, type SlaEntry, type SlaQueueActions } from "./sla-queue";

/** The repositories over one table, built once per process. */
export function createStores(client: DynamoDBDocumentClient, tableName: string) {
  return {
    leads: new LeadStore(client, tableName),
    apiKeys: new ApiKeyStore(client, tableName),
    idempotency: new IdempotencyStore(client, tableName),
    /** For modules with their own repositories over the same table (rebound). */
    table: { client, tableName },
    bulk: new BulkReader(client, tableName),
    policies: new PolicyStore(client, tableName),
    slaQueue: new SlaQueueStore(client, tableName),
  };
}
export type Stores = ReturnType<typeof createStores>;
export * from "./capacity";
