import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { JobRecord, JobRepository } from "../ports/jobs";
import { keys } from "./keys";
import { storeErrorOf } from "./transact";

/** Job progress items `JOB#<name>` / `STATE`, saved with a revision check. */
export class JobStore implements JobRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get<S>(name: string): Promise<JobRecord<S> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.job(name), ConsistentRead: true }),
    );
    // The state is the job's own bookkeeping, written only by that job's code.
    return Item ? { state: Item.state as S, revision: Number(Item.revision) } : undefined;
  }

  async save<S>(name: string, state: S, expected: number | null): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.job(name), entity: "job", state, revision: (expected ?? 0) + 1 },
          ...(expected === null
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : {
                ConditionExpression: "#r = :r",
                ExpressionAttributeNames: { "#r": "revision" },
                ExpressionAttributeValues: { ":r": expected },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw storeErrorOf(error);
    }
  }
}
