import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { WriteConflict } from "../kernel/errors";
import type { Schema } from "../kernel/parse";
import type { PolicyVersions } from "../ports/policies";
import { type SalesReadyPolicy, salesReadyPolicySchema } from "../qualification/policy";
import { type ReboundPolicy, reboundPolicySchema } from "../rebound/policy";
import { readItem } from "./items";
import { keys } from "./keys";
import { classifyCancellation, storeErrorOf } from "./transact";

/** Where one kind of policy lives (`POLICY#<name>`), the `entity` its items carry, and its schema. */
export interface PolicyKind<P> {
  name: string;
  entities: { version: string; current: string };
  schema: Schema<P>;
}

export const salesReadyPolicyKind: PolicyKind<SalesReadyPolicy> = {
  name: "sales-ready",
  entities: { version: "policy_version", current: "policy_current" },
  schema: salesReadyPolicySchema,
};
export const reboundPolicyKind: PolicyKind<ReboundPolicy> = {
  name: "rebound",
  entities: { version: "rebound_policy", current: "rebound_policy_current" },
  schema: reboundPolicySchema,
};

/**
 * Versioned policies (the sales-ready and the rebound policy alike): each version an
 * immutable item `POLICY#<name>` / `V#<n>`, plus a pointer item `CURRENT` holding a copy of
 * the version in force, so reading the policy on a hot path is one small GetItem.
 *
 * Concurrency: creating version n is one transaction that puts `V#n` if absent and moves the
 * pointer only if it still names n-1 (or does not exist, for the first stored version), so
 * two writers can never both make version n, and the pointer never skips or goes back. The
 * loser gets WriteConflict; usecases/policies.ts turns that into 412 with If-Match, or into a
 * retry as the next version without it.
 *
 * Read consistency: `current()` is eventually consistent by default (half the cost, on the
 * capture and outcome paths; a new version is seen within about a second); publishing reads
 * it strongly consistent, because the next version is computed from it.
 */
export class VersionedPolicyStore<P extends { version: number }> implements PolicyVersions<P> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly kind: PolicyKind<P>,
  ) {}

  async current(consistent = false): Promise<P | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.policyCurrent(this.kind.name),
        ConsistentRead: consistent,
      }),
    );
    return Item ? readItem(this.kind.schema, `${this.kind.name} policy`, Item) : undefined;
  }

  async version(version: number): Promise<P | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.policyVersion(this.kind.name, version) }),
    );
    return Item ? readItem(this.kind.schema, `${this.kind.name} policy`, Item) : undefined;
  }

  async create(policy: P, previousVersion: number | null): Promise<void> {
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
                  ...keys.policyVersion(this.kind.name, policy.version),
                  entity: this.kind.entities.version,
                  ...policy,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: T,
                Item: {
                  ...keys.policyCurrent(this.kind.name),
                  entity: this.kind.entities.current,
                  ...policy,
                },
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
      throw storeErrorOf(error);
    }
  }
}
