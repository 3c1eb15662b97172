import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { SalesReadyPolicy } from "../qualification/policy";
import { WriteConflict } from "./errors";
import { stripStorage } from "./items";
import { keys } from "./keys";
import { classifyCancellation } from "./transact";

/**
 * Versioned policies: each version an immutable item `POLICY#<name>` / `V#<n>`, plus a
 * pointer item `CURRENT` holding a copy of the version in force, so reading the policy on
 * every capture is one small GetItem. Creating version n is one transaction: put `V#n` if
 * absent and move the pointer only if it still points at n-1, so two writers can never both
 * make version n, and the pointer never skips or goes back.
 */
export class PolicyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly name = "sales-ready",
  ) {}

  /** The policy in force; eventually consistent by default (half the cost, on the capture path). */
  async current(consistent = false): Promise<SalesReadyPolicy | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.policyCurrent(this.name),
        ConsistentRead: consistent,
      }),
    );
    return Item ? stripStorage<SalesReadyPolicy>(Item) : undefined;
  }

  async version(version: number): Promise<SalesReadyPolicy | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.policyVersion(this.name, version) }),
    );
    return Item ? stripStorage<SalesReadyPolicy>(Item) : undefined;
  }

  /** Stores `policy` as the next version after `previousVersion` (null: the first). Throws WriteConflict when another writer won. */
  async create(policy: SalesReadyPolicy, previousVersion: number | null): Promise<void> {
    const T = this.tableName;
    const pointerCondition =
      previousVersion === null
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : {
            ConditionExpression: "#v = :previous",
            ExpressionAttributeNames: { "#v": "version" },
            ExpressionAttributeValues: { ":previous": previousVersion },
          };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T,
                Item: {
                  ...keys.policyVersion(this.name, policy.version),
                  entity: "policy_version",
                  ...policy,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: T,
                Item: { ...keys.policyCurrent(this.name), entity: "policy_current", ...policy },
                ...pointerCondition,
              },
            },
          ],
        }),
      );
    } catch (error) {
      const cancellation = classifyCancellation(error, ["version", "pointer"]);
      if (cancellation?.failed.some((f) => f.code === "ConditionalCheckFailed"))
        throw new WriteConflict("version_changed");
      throw error;
    }
  }
}
