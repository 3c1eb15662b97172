import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local stand-in for AWS Secrets Manager's GetSecretValue that speaks its wire protocol
 * (AWS JSON 1.1, `X-Amz-Target: secretsmanager.GetSecretValue`), so tests drive the real SDK
 * client. `put` rotates the way Secrets Manager does: the new version takes AWSCURRENT and
 * the version that had it takes AWSPREVIOUS.
 */

interface Version {
  id: string;
  value: string;
  createdAt: Date;
  stages: string[];
}

export interface SecretRequest {
  target: string | undefined;
  authorization: string | undefined;
  secretId: string;
  versionStage: string | undefined;
}

export interface FakeSecretsManager {
  endpoint: string;
  requests: SecretRequest[];
  /** Stores a new value of `name` (creating the secret), as `put-secret-value` does. */
  put(name: string, value: string, at?: Date): void;
  /** Creates `name` with no value yet (as infra does). */
  create(name: string): void;
  /** Every request fails (500) until `heal()`. */
  breakDown(): void;
  /** Every request is accepted and never answered until `heal()` (a frozen service). */
  freeze(): void;
  heal(): void;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": randomUUID(),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, Version[]>();
  const requests: SecretRequest[] = [];
  let mode: "ok" | "broken" | "frozen" = "ok";
  const sockets = new Set<Socket>();

  /** Secrets are found by name or by an ARN that ends in `:secret:<name>-<6 chars>`. */
  const find = (id: string) => {
    const name = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(id)?.[1] ?? id;
    return { name, versions: secrets.get(name) };
  };

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const target = req.headers["x-amz-target"] as string | undefined;
    const input = JSON.parse(raw || "{}") as { SecretId?: string; VersionStage?: string };
    requests.push({
      target,
      authorization: req.headers.authorization,
      secretId: input.SecretId ?? "",
      versionStage: input.VersionStage,
    });
    if (mode === "frozen") return; // accepted, never answered
    if (mode === "broken")
      return reply(res, 500, { __type: "InternalServiceError", message: "scripted outage" });
    if (
      target !== "secretsmanager.GetSecretValue" ||
      req.headers["content-type"] !== "application/x-amz-json-1.1"
    )
      return reply(res, 400, { __type: "InvalidRequestException", message: `unexpected ${target}` });
    const { name, versions } = find(input.SecretId ?? "");
    const stage = input.VersionStage ?? "AWSCURRENT";
    const version = versions?.find((v) => v.stages.includes(stage));
    if (!versions)
      return reply(res, 400, {
        __type: "ResourceNotFoundException",
        message: "Secrets Manager can't find the specified secret.",
      });
    if (!version)
      return reply(res, 400, {
        __type: "ResourceNotFoundException",
        message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
      });
    return reply(res, 200, {
      ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`,
      Name: name,
      VersionId: version.id,
      SecretString: version.value,
      VersionStages: version.stages,
      CreatedDate: version.createdAt.getTime() / 1000,
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    create(name) {
      if (!secrets.has(name)) secrets.set(name, []);
    },
    put(name, value, at = new Date()) {
      const versions = secrets.get(name) ?? [];
      for (const v of versions) v.stages = v.stages.filter((s) => s !== "AWSPREVIOUS");
      for (const v of versions)
        if (v.stages.includes("AWSCURRENT"))
          v.stages = v.stages.map((s) => (s === "AWSCURRENT" ? "AWSPREVIOUS" : s));
      versions.push({ id: randomUUID(), value, createdAt: at, stages: ["AWSCURRENT"] });
      secrets.set(name, versions);
    },
    breakDown: () => {
      mode = "broken";
    },
    freeze: () => {
      mode = "frozen";
    },
    heal: () => {
      mode = "ok";
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
