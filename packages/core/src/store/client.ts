import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { regionFor } from "../kernel/region";
import { isNoAnswer, storeErrorOf } from "./transact";

export interface DynamoConnection {
  /** Set for DynamoDB Local; absent in AWS, where the SDK resolves the regional endpoint. */
  endpoint?: string;
  region?: string;
  /**
   * Longest wait for one request (ms); defaults to 3 s. A store that accepts the connection
   * and never answers fails the request after this instead of holding it until the Lambda
   * times out (the SDK's own default is to wait forever).
   */
  requestTimeoutMs?: number;
  /** Attempts per request, the first included, before an error surfaces; defaults to 3. */
  maxAttempts?: number;
}

/**
 * One document client per process. `removeUndefinedValues` lets domain objects carry
 * optional fields without a pre-pass. Requests are bounded: a connection timeout, a request
 * timeout that throws (without `throwOnRequestTimeout` the SDK only logs a warning), and the
 * SDK's standard retries (`maxAttempts`), under which our own loops retry conflicts and
 * throttling. A request that got no answer at all surfaces as StoreUnavailableError, from
 * reads and writes alike (a 503 at the API).
 */
export function createDocumentClient(connection: DynamoConnection = {}): DynamoDBDocumentClient {
  const config: DynamoDBClientConfig = {
    ...regionFor(connection),
    maxAttempts: connection.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: Math.min(1_000, connection.requestTimeoutMs ?? 3_000),
      requestTimeout: connection.requestTimeoutMs ?? 3_000,
      throwOnRequestTimeout: true,
    },
  };
  if (connection.endpoint) {
    config.endpoint = connection.endpoint;
    // DynamoDB Local accepts any credentials; fixed ones keep the SDK from searching for a profile.
    config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  }
  const client = new DynamoDBClient(config);
  // Outermost step, so it sees what is left after the SDK's retries.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw isNoAnswer(error) ? storeErrorOf(error) : error;
      }
    },
    { step: "initialize", name: "reboundNoAnswer" },
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
