import { describe, expect, it } from "vitest";
import { sstTableArgs } from "../src/store/sst-table";
import { createTableInput, tableDefinition } from "../src/store/table";

/**
 * What `sst.aws.Dynamo` (SST 4.17.1, platform/src/components/aws/dynamo.ts) turns its args
 * into, restated in CreateTable terms so it can be compared with the local definition.
 * If SST changes that mapping, this restatement is the thing to update.
 */
function asDeployed(args: ReturnType<typeof sstTableArgs>, tableName: string) {
  const projection = (p: string | string[]) =>
    p === "keys-only"
      ? { ProjectionType: "KEYS_ONLY" }
      : p === "all"
        ? { ProjectionType: "ALL" }
        : { ProjectionType: "INCLUDE", NonKeyAttributes: p };
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: Object.entries(args.fields).map(([AttributeName, type]) => ({
      AttributeName,
      AttributeType: type === "string" ? "S" : "other",
    })),
    KeySchema: [
      { AttributeName: args.primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: args.primaryIndex.rangeKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(args.globalIndexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" },
        { AttributeName: index.rangeKey, KeyType: "RANGE" },
      ],
      Projection: projection(index.projection),
    })),
    // SST maps `stream: "new-and-old-images"` to the upper-case StreamViewType.
    StreamSpecification: {
      StreamEnabled: true,
      StreamViewType: args.stream.toUpperCase().replace(/-/g, "_"),
    },
  };
}

/** Attribute and index order carries no meaning in DynamoDB; sort so only content is compared. */
function normalized(input: {
  AttributeDefinitions: { AttributeName: string }[];
  GlobalSecondaryIndexes: { IndexName: string }[];
}) {
  return {
    ...input,
    AttributeDefinitions: [...input.AttributeDefinitions].sort((a, b) =>
      a.AttributeName.localeCompare(b.AttributeName),
    ),
    GlobalSecondaryIndexes: [...input.GlobalSecondaryIndexes].sort((a, b) =>
      a.IndexName.localeCompare(b.IndexName),
    ),
  };
}

describe("sstTableArgs", () => {
  it("deploys the same attributes, keys and GSIs as the local CreateTable input", () => {
    // Prepare
    const local = createTableInput("t");
    // Act
    const deployed = asDeployed(sstTableArgs(), "t");
    // Assess
    expect(normalized(deployed)).toEqual(normalized(local));
  });

  it("enables TTL on the attribute ensureTable enables locally", () => {
    expect(sstTableArgs().ttl).toBe(tableDefinition.ttlAttribute);
  });

  it("streams new and old images for the event forwarder, as the local table does", () => {
    expect(sstTableArgs().stream).toBe("new-and-old-images");
    expect(createTableInput("t").StreamSpecification.StreamViewType).toBe("NEW_AND_OLD_IMAGES");
  });

  it("declares only key attributes, so a new GSI cannot be forgotten in fields", () => {
    const { fields, globalIndexes, primaryIndex } = sstTableArgs();
    const used = new Set<string>([primaryIndex.hashKey, primaryIndex.rangeKey]);
    for (const index of Object.values(globalIndexes)) used.add(index.hashKey).add(index.rangeKey);
    expect(Object.keys(fields).sort()).toEqual([...used].sort());
  });
});
