/**
 * The single table: one definition shared by infra (SST), the local runner and the tests,
 * so the table we test against is the table we deploy.
 *
 * Five sparse GSIs with generic names; what each one holds is listed in docs/data-model.md.
 * Key attributes are strings. Projections are lean where the items change often: the lead
 * item is on gsi1–gsi4, and a write that moves none of its index keys (a touch, an edit)
 * must not rewrite index copies of it, so those project only the keys and attributes that
 * never change or that change with the key. Small items that are written once and read in
 * pages (SLA clocks, segment members, API keys) are on gsi5, which projects everything, so
 * their pages need no second read.
 */
export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  globalIndexes: {
    /**
     * Leads by status (`STATUS#<status>#<shard>` / the lead's `id`); the origin, to post-filter
     * by source. The sort key is the lead's own `id` attribute: a copy of it in a key attribute
     * would add ~32 bytes to every lead item, and only lead items carry `gsi1pk`.
     */
    gsi1: { partitionKey: "gsi1pk", sortKey: "id", projection: { include: ["origin"] } },
    /** Leads by owner (`OWNER#<repId>` / `<status>#<leadId>`); the origin, to post-filter by source. */
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk", projection: { include: ["origin"] } },
    /** Leads by origin (`SOURCE#<type>#<shard>` / `<sourceId>#<leadId>`). */
    gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk", projection: "keys-only" },
    /**
     * Rebound due queue on the lead item (`RBDUE#<shard>` / `<dueAt>#<leadId>#<cycle>`, its
     * earliest pending cycle); the pending list rides along for "upcoming rebounds".
     */
    gsi4: { partitionKey: "gsi4pk", sortKey: "gsi4sk", projection: { include: ["rebound"] } },
    /** SLA clocks (`SLADUE#…`), segment members (`RBSEG#…`), API keys (`APIKEYS`): whole items. */
    gsi5: { partitionKey: "gsi5pk", sortKey: "gsi5sk", projection: "all" },
  },
  /** Epoch seconds; DynamoDB deletes within ~2 days after, so readers filter expired items. */
  ttlAttribute: "expiresAt",
  /**
   * The outbox: every change item (a change's timeline events, store/change-items.ts) is
   * inserted in the same transaction as its lead change, and the stream hands those inserts
   * to its two readers, the event forwarder and the report projector.
   */
  stream: "NEW_AND_OLD_IMAGES",
} as const;

export type IndexName = keyof typeof tableDefinition.globalIndexes;
type IndexProjection = "all" | "keys-only" | { include: readonly string[] };

/** An index's projection in CreateTable terms. */
export function projectionOf(projection: IndexProjection) {
  if (projection === "all") return { ProjectionType: "ALL" as const };
  if (projection === "keys-only") return { ProjectionType: "KEYS_ONLY" as const };
  return { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...projection.include] };
}

/** Every key attribute the table or an index uses, all of type string. */
export function keyAttributes(): string[] {
  const names = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of Object.values(tableDefinition.globalIndexes)) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names];
}

/** The CreateTable input for DynamoDB (Local): on-demand billing, each GSI with its projection. */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: keyAttributes().map((AttributeName) => ({
      AttributeName,
      AttributeType: "S" as const,
    })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" as const },
      { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: Object.entries(tableDefinition.globalIndexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: projectionOf(index.projection as IndexProjection),
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream },
  };
}
