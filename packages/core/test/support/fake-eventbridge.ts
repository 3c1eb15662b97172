import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for EventBridge's PutEvents that speaks the real wire protocol (AWS
 * JSON 1.1 over HTTP), so tests drive the real SDK client: its serialisation, signing and
 * error parsing are part of what is tested. Unscripted requests succeed.
 */

/** One request entry as it travels on the wire (Time is epoch seconds in JSON 1.1). */
export interface WireEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number;
  Resources?: string[];
}

export interface RecordedRequest {
  method: string;
  target: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  entries: WireEntry[];
  /** HTTP status the fake answered with (0 when it reset the connection). */
  status: number;
}

/** What the next request gets, instead of the normal per-entry processing. */
export type Step =
  | { kind: "throttle" }
  | { kind: "error"; status: number; type: string }
  /** Closes the socket without answering, like a network failure mid-request. */
  | { kind: "reset" };

export interface FakeEventBridge {
  endpoint: string;
  requests: RecordedRequest[];
  /** Entries EventBridge accepted, in acceptance order, with the EventId it returned. */
  accepted: Array<WireEntry & { EventId: string }>;
  /** Queues whole-request outcomes, consumed one per request. */
  enqueue(...steps: Step[]): void;
  /** Fails matching entries with `code` (per entry, inside an HTTP 200), `times` times in all. */
  failEntries(match: (entry: WireEntry) => boolean, code: string, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** Independent of the adapter's own computation on purpose: this is the referee. */
const requestLimitBytes = 256 * 1024;
function wireEntrySize(entry: WireEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, "utf8"));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0)
  );
}

function reply(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": `req-${Math.random().toString(16).slice(2)}`,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeEventBridge(): Promise<FakeEventBridge> {
  const requests: RecordedRequest[] = [];
  const accepted: FakeEventBridge["accepted"] = [];
  let steps: Step[] = [];
  let rules: Array<{ match: (e: WireEntry) => boolean; code: string; remaining: number }> = [];
  let nextId = 1;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const target = req.headers["x-amz-target"] as string | undefined;
    const contentType = req.headers["content-type"];
    let entries: WireEntry[] = [];
    try {
      entries = (JSON.parse(raw || "{}") as { Entries?: WireEntry[] }).Entries ?? [];
    } catch {
      /* recorded with no entries; answered below */
    }
    const record: RecordedRequest = {
      method: req.method ?? "",
      target,
      contentType,
      authorization: req.headers.authorization,
      entries,
      status: 0,
    };
    requests.push(record);
    const answer = (status: number, body: unknown) => {
      record.status = status;
      return reply(res, status, body);
    };

    if (
      req.method !== "POST" ||
      target !== "AWSEvents.PutEvents" ||
      contentType !== "application/x-amz-json-1.1"
    ) {
      return answer(400, {
        __type: "UnknownOperationException",
        message: `unexpected ${req.method} ${target} ${contentType}`,
      });
    }
    const step = steps.shift();
    if (step?.kind === "reset") return void req.socket.destroy();
    if (step?.kind === "throttle")
      return answer(400, { __type: "ThrottlingException", message: "Rate exceeded" });
    if (step?.kind === "error")
      return answer(step.status, { __type: step.type, message: `scripted ${step.type}` });

    // The request-level limits EventBridge enforces before looking at entries.
    if (entries.length < 1 || entries.length > 10) {
      return answer(400, {
        __type: "ValidationException",
        message: `${entries.length} entries; 1 to 10 allowed`,
      });
    }
    const total = entries.reduce((n, e) => n + wireEntrySize(e), 0);
    if (total > requestLimitBytes) {
      return answer(400, {
        __type: "ValidationException",
        message: `Total size of the entries in the request is over the limit (${total})`,
      });
    }

    let failedCount = 0;
    const results = entries.map((entry) => {
      const rule = rules.find((r) => r.remaining > 0 && r.match(entry));
      if (rule) {
        rule.remaining -= 1;
        failedCount += 1;
        return { ErrorCode: rule.code, ErrorMessage: `scripted ${rule.code}` };
      }
      const EventId = `fake-${nextId++}`;
      accepted.push({ ...entry, EventId });
      return { EventId };
    });
    return answer(200, { FailedEntryCount: failedCount, Entries: results });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    enqueue: (...more) => void steps.push(...more),
    failEntries: (match, code, times = Number.POSITIVE_INFINITY) =>
      void rules.push({ match, code, remaining: times }),
    reset() {
      requests.length = 0;
      accepted.length = 0;
      steps = [];
      rules = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The LeadEvent carried by a wire entry (the adapter sends the envelope as Detail). */
export function detailOf(entry: WireEntry): {
  eventId: string;
  leadId: string;
  version: number;
  type: string;
} {
  return JSON.parse(entry.Detail ?? "{}");
}
