import type { TestProject } from "vitest/node";
import { type DynamoLocal, startDynamoLocal } from "../packages/local/src/dynamo-local";

let dynamo: DynamoLocal | undefined;

/** Starts one in-memory DynamoDB Local for the run and hands its endpoint to every test file. */
export async function setup(project: TestProject) {
  dynamo = await startDynamoLocal({ startTimeoutMs: 60_000 });
  project.provide("dynamoEndpoint", dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
