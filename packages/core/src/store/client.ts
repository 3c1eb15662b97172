import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoConnection {
  /** Set for DynamoDB Local; absent in AWS, where the SDK resolves the regional endpoint. */
  endpoint?: string;
  region?: string;
}

/**
 * One document client per process. `removeUndefinedValues` lets domain objects carry
 * optional fields without a pre-pass; max attempts stays at the SDK default (3) because
 * our own retry loops handle conflicts and throttling above it.
 */
export function createDocumentClient(connection: DynamoConnection = {}): DynamoDBDocumentClient {
  const config: DynamoDBClientConfig = { region: connection.region ?? process.env.AWS_REGION ?? "us-east-1" };
  if (connection.endpoint) {
    config.endpoint = connection.endpoint;
    // DynamoDB Local accepts any credentials; fixed ones keep the SDK from searching for a profile.
    config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  }
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
