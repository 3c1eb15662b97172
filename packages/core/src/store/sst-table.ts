import { keyAttributes, tableDefinition } from "./table";

/**
 * The shared table definition in the shape `sst.aws.Dynamo` takes (fields, primaryIndex,
 * globalIndexes, ttl, stream). Pure and free of SST so a unit test can prove that infra
 * deploys the same keys, GSIs and TTL that the local runner and the tests create.
 *
 * Deliberately structural, not typed against SST's `DynamoArgs`: SST's types exist only after
 * `sst install`, and `npm run check:infra` type-checks this object where infra passes it in.
 */
const sstStreamView = {
  NEW_AND_OLD_IMAGES: "new-and-old-images",
  NEW_IMAGE: "new-image",
  OLD_IMAGE: "old-image",
  KEYS_ONLY: "keys-only",
} as const;

export function sstTableArgs() {
  return {
    // Only key attributes are declared, and all are strings (as in createTableInput).
    fields: Object.fromEntries(keyAttributes().map((name) => [name, "string" as const])),
    primaryIndex: { hashKey: tableDefinition.partitionKey, rangeKey: tableDefinition.sortKey },
    globalIndexes: Object.fromEntries(
      Object.entries(tableDefinition.globalIndexes).map(([name, index]) => [
        name,
        {
          hashKey: index.partitionKey,
          rangeKey: index.sortKey,
          // SST takes "all", "keys-only" or the list of included attributes.
          projection: typeof index.projection === "string" ? index.projection : [...index.projection.include],
        },
      ]),
    ),
    ttl: tableDefinition.ttlAttribute,
    // The event forwarder reads timeline records from the stream; old images let it tell
    // an insert from a rewrite without a read.
    stream: sstStreamView[tableDefinition.stream],
  };
}
