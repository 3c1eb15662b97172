import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from "node:net";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/src/dynamo-local";
import { createApp } from "../src/api/app";
import { createApiDeps } from "../src/api/runtime";
import { loadConfig } from "../src/config";
import { createLogger, createMetrics } from "../src/observability";

const ADMIN = "failure-modes-admin-key-0123456789";

/** The real app and its real DynamoDB client, pointed at `endpoint`, with short request timeouts. */
function appAgainst(endpoint: string): Hono {
  const config = loadConfig({
    REBOUND_TABLE_NAME: "failure-modes",
    DYNAMODB_ENDPOINT: endpoint,
    REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN,
    REBOUND_CURSOR_SECRET: "failure-modes-cursor-secret",
    REBOUND_SUPPRESSION_SECRET: "failure-modes-suppression-secret",
    REBOUND_DYNAMODB_TIMEOUT_MS: "300",
    REBOUND_DYNAMODB_MAX_ATTEMPTS: "2",
  });
  return createApp({
    ...createApiDeps(config),
    log: createLogger({ level: "error" }),
    metrics: createMetrics(config.stage, () => {}),
  });
}

const request = (app: Hono, path: string, init: RequestInit = {}) =>
  app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json", ...init.headers },
  });

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await response.json()).toMatchObject({ status: 503, type: "urn:rebound:problem:unavailable" });
}

const capture = {
  method: "POST",
  body: JSON.stringify({ email: "down@example.com", source: { type: "form", id: "f" } }),
};

describe("a dead store (nothing listens on its port)", () => {
  let app: Hono;
  beforeAll(async () => {
    app = appAgainst(`http://127.0.0.1:${await freePort()}`);
  });

  it("reads and writes answer 503 problem+json with Retry-After, never a bare 500", async () => {
    await expectUnavailable(await request(app, "/v1/leads"));
    await expectUnavailable(await request(app, "/v1/leads", capture));
  });

  it("/health stays up (liveness); /health/ready fails with 503", async () => {
    expect((await app.request("/health")).status).toBe(200);
    await expectUnavailable(await app.request("/health/ready"));
  });
});

describe("a frozen store (accepts connections, never answers)", () => {
  let server: TcpServer;
  const sockets = new Set<Socket>();
  let app: Hono;
  beforeAll(async () => {
    server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    app = appAgainst(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  });

  it("answers 503 once the configured request timeout has passed, instead of hanging", async () => {
    // The test's own timeout bounds this; the client gives up after 2 attempts of 300 ms.
    await expectUnavailable(await request(app, "/v1/leads"));
    await expectUnavailable(await request(app, "/v1/leads", capture));
    await expectUnavailable(await app.request("/health/ready"));
  });
});

describe("a throttling store", () => {
  let server: Server;
  let app: Hono;
  beforeAll(async () => {
    // Speaks DynamoDB's JSON protocol: every request is throttled, as DynamoDB answers it.
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        res.end(
          JSON.stringify({
            __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException",
            message: "Rate of requests exceeds the allowed throughput.",
          }),
        );
      });
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    app = appAgainst(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("answers 503 with Retry-After", async () => {
    await expectUnavailable(await request(app, "/v1/leads"));
    await expectUnavailable(await app.request("/health/ready"));
  });
});
