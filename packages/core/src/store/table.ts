/**
 * The single table: one definition shared by infra (SST), the local runner and the tests,
 * so the table we test against is the table we deploy.
 *
 * Four overloaded, sparse GSIs with generic names; what each one holds per item type is
 * listed in docs/data-model.md. All attributes are strings.
 */
export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  globalIndexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    gsi4: { partitionKey: "gsi4pk", sortKey: "gsi4sk" },
  },
  /** Epoch seconds; DynamoDB deletes within ~2 days after, so readers filter expired items. */
  ttlAttribute: "expiresAt",
  /**
   * The outbox: every timeline event item is inserted in the same transaction as its lead
   * change, and the stream hands those inserts to the event forwarder.
   */
  stream: "NEW_AND_OLD_IMAGES",
} as const;

export type IndexName = keyof typeof tableDefinition.globalIndexes;

/** Every key attribute the table or an index uses, all of type string. */
export function keyAttributes(): string[] {
  const names = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of Object.values(tableDefinition.globalIndexes)) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names];
}

/** The CreateTable input for DynamoDB (Local): on-demand billing, every GSI projecting ALL. */
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
      Projection: { ProjectionType: "ALL" as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream },
  };
}
