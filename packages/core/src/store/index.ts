import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ApiKeyRepository } from "../ports/api-keys";
import type { SalesReadyPolicy } from "../qualification/policy";
import type { ReboundPolicy } from "../rebound/policy";
import { ApiKeyStore } from "./api-keys";
import { BulkReader } from "./bulk-reads";
import { cachedApiKeys, cachedPolicies } from "./cached";
import { DynamoErasureStore } from "./erasure";
import { pingTable } from "./health";
import { IdempotencyStore } from "./idempotency";
import { JobStore } from "./jobs";
import { LeadStore } from "./leads";
import { reboundPolicyKind, salesReadyPolicyKind, VersionedPolicyStore } from "./policies";
import { RateLimitStore } from "./rate-limits";
import { ReboundQueueStore } from "./rebound-queue";
import { ReportCounterStore } from "./report-counters";
import { SegmentStore } from "./segments";
import { SlaQueueStore } from "./sla-queue";

export { ApiKeyStore } from "./api-keys";
export { BulkReader } from "./bulk-reads";
export * from "./cached";
export * from "./capacity";
export * from "./client";
export * from "./ensure-table";
export { DynamoErasureStore } from "./erasure";
export * from "./health";
export { IdempotencyStore } from "./idempotency";
export { JobStore } from "./jobs";
export * from "./keys";
export { LeadStore } from "./leads";
export * from "./merge";
export * from "./policies";
export { RateLimitStore } from "./rate-limits";
export { ReboundQueueStore } from "./rebound-queue";
export { counterItem, ReportCounterStore } from "./report-counters";
export { SegmentStore } from "./segments";
export { SlaQueueStore } from "./sla-queue";
export * from "./table";
export * from "./transact";

export interface StoreOptions {
  /**
   * How long the policy in force and API keys are cached in this process (store/cached.ts);
   * 0 (the default) reads them on every request.
   */
  cacheTtlMs?: number;
}

/** The repositories over one table (the ports' DynamoDB implementations), built once per process. */
export function createStores(client: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}) {
  const ttl = options.cacheTtlMs ?? 0;
  return {
    leads: new LeadStore(client, tableName),
    apiKeys: cachedApiKeys(new ApiKeyStore(client, tableName), ttl) as ApiKeyRepository,
    idempotency: new IdempotencyStore(client, tableName),
    bulk: new BulkReader(client, tableName),
    /** The sales-ready policy's versions. */
    policies: cachedPolicies(
      new VersionedPolicyStore<SalesReadyPolicy>(client, tableName, salesReadyPolicyKind),
      ttl,
    ),
    reboundPolicies: cachedPolicies(
      new VersionedPolicyStore<ReboundPolicy>(client, tableName, reboundPolicyKind),
      ttl,
    ),
    slaQueue: new SlaQueueStore(client, tableName),
    reboundQueue: new ReboundQueueStore(client, tableName),
    segments: new SegmentStore(client, tableName),
    rateLimits: new RateLimitStore(client, tableName),
    /** Erasure's partition rewrites, and the suppression list it writes to and captures read. */
    erasure: new DynamoErasureStore(client, tableName),
    /** Resolves once the table answered a read (GET /health/ready). */
    ping: () => pingTable(client, tableName),
    reportCounters: new ReportCounterStore(client, tableName),
    jobs: new JobStore(client, tableName),
    /** The raw table, for tooling and tests that inspect items; no use case takes it. */
    table: { client, tableName },
  };
}
export type Stores = ReturnType<typeof createStores>;
