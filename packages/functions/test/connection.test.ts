import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, createTestApi, type TestApi } from "../../../test/api";
import { serveOverHttp } from "../../../test/browser";

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/**
 * Over real HTTP with a keep-alive agent holding one socket: an answer sent before the body
 * was read says `Connection: close`, so the client's next request goes out on a fresh socket
 * instead of failing on one the server drops.
 */
describe("Connection: close when the body was not read", () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof serveOverHttp>>;
  let agent: http.Agent;

  beforeAll(async () => {
    api = await createTestApi("connection", { REBOUND_MAX_BODY_BYTES: "4096" });
    server = await serveOverHttp(api.app);
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent?.destroy();
    await server?.close();
    await api?.close();
  });

  function send(
    method: string,
    path: string,
    options: { body?: Buffer; chunked?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body && !options.chunked) headers["content-length"] = String(options.body.length);
      if (options.chunked) headers["transfer-encoding"] = "chunked";
      const request = http.request(`${server.url}${path}`, { method, agent, headers }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode!, connection: response.headers.connection, body }),
        );
      });
      request.on("error", reject);
      if (options.body) request.write(options.body);
      request.end();
    });
  }

  const json = { "content-type": "application/json", authorization: `Bearer ${ADMIN_KEY}` };
  const big = Buffer.alloc(2 * 1024 * 1024, "a");

  it.each([
    ["413 on a declared Content-Length", { body: big, headers: json }, 413],
    ["413 on a chunked body", { body: big, chunked: true, headers: json }, 413],
    [
      "401 before reading a body",
      { body: Buffer.from('{"email":"a@example.com"}'), headers: { "content-type": "application/json" } },
      401,
    ],
  ] as const)("%s: says close, and the next request on the agent works", async (_name, options, status) => {
    const first = await send("POST", "/v1/leads", { ...options, headers: { ...options.headers } });
    expect(first.status).toBe(status);
    expect(first.connection).toBe("close");
    const next = await send("GET", "/health");
    expect(next).toMatchObject({ status: 200, body: '{"status":"ok"}' });
  });

  it("keeps the connection when the body was read", async () => {
    const answer = await send("POST", "/v1/leads", {
      body: Buffer.from('{"email":"keep-alive@example.com"}'),
      headers: json,
    });
    expect(answer.status).toBe(201);
    expect(answer.connection).toBe("keep-alive");
  });
});
