import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ApiKeyStore } from "./api-keys";
import { BulkReader } from "./bulk-reads";
import { IdempotencyStore } from "./idempotency";
import { LeadStore } from "./leads";
import { PolicyStore } from "./policies";
import { SlaQueueStore } from "./sla-queue";

export { ApiKeyStore } from "./api-keys";
export { BulkReader } from "./bulk-reads";
export * from "./capacity";
export * from "./client";
export * from "./ensure-table";
export * from "./errors";
export { IdempotencyStore, type StoredResponse } from "./idempotency";
export * from "./keys";
export { type LeadChange, type LeadFilter, LeadStore } from "./leads";
export * from "./merge";
export { PolicyStore } from "./policies";
export * from "./rebound-policies";
export { type SlaEntry, SlaQueueStore } from "./sla-queue";
export * from "./table";
export * from "./transact";

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
