import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, VersionMismatchError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { defaultReboundPolicy, type ReboundPolicy, reboundPolicyInputSchema } from "../rebound/policy";
import { keys } from "./keys";
import { classifyCancellation } from "./transact";

/**
 * The policy is versioned: every PUT writes an immutable `V#<n>` item and moves the
 * `CURRENT` pointer in one transaction conditioned on the pointer still naming the version
 * the writer read, so two admins editing at once cannot silently overwrite each other.
 */
export class ReboundPolicyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(): Promise<ReboundPolicy> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.policyCurrent("rebound"), ConsistentRead: true }),
    );
    if (!Item) return defaultReboundPolicy;
    const { pk: _pk, sk: _sk, entity: _e, ...policy } = Item;
    return policy as ReboundPolicy;
  }

  async replace(raw: unknown, by: string, at: string, ifMatch?: number): Promise<ReboundPolicy> {
    const input = parseWith(reboundPolicyInputSchema, raw, "The rebound policy is not valid.");
    const current = await this.current();
    if (ifMatch !== undefined && ifMatch !== current.version)
      throw new VersionMismatchError(ifMatch, current.version);
    const next: ReboundPolicy = {
      version: current.version + 1,
      default: input.default,
      reasons: input.reasons ?? {},
      updatedAt: at,
      updatedBy: by,
    };
    const T = this.tableName;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T,
                Item: { ...keys.policyVersion("rebound", next.version), entity: "rebound_policy", ...next },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: T,
                Item: { ...keys.policyCurrent("rebound"), entity: "rebound_policy_current", ...next },
                ConditionExpression: current.version === 0 ? "attribute_not_exists(pk)" : "#v = :v",
                ...(current.version === 0
                  ? {}
                  : {
                      ExpressionAttributeNames: { "#v": "version" },
                      ExpressionAttributeValues: { ":v": current.version },
                    }),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (
        classifyCancellation(error, ["version", "pointer"])?.failed.some(
          (f) => f.code === "ConditionalCheckFailed",
        )
      ) {
        throw new ConflictError(
          "The rebound policy changed while it was being replaced; read it again and retry.",
        );
      }
      throw error;
    }
    return next;
  }
}
