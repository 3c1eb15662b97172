import { AsyncLocalStorage } from "node:async_hooks";
import { runtimeEnv } from "../config/runtime";

export type LogLevel = "debug" | "info" | "warn" | "error";
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** What every line of one request (or one sweep run, one stream batch) carries. */
export interface LogContext {
  /** The request's correlation id (API Gateway's request id, or one we made), or a run's id. */
  correlationId: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `ctx` attached to every line logged inside it, across awaits. */
export function withLogContext<T>(ctx: LogContext, work: () => T): T {
  return context.run(ctx, work);
}

export function currentCorrelationId(): string | undefined {
  return context.getStore()?.correlationId;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Fields on every line (service, stage). */
  base?: Record<string, unknown>;
  /** Where lines go; stdout by default. */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * Structured JSON logs, one object per line: `level` (DEBUG…ERROR, as CloudWatch filters
 * expect: `{ $.level = "ERROR" }`), `timestamp`, `message`, the correlation id of the request
 * or run, the X-Ray trace id in Lambda, then the fields. Lines go straight to stdout: Lambda's
 * JSON log format wraps `console.*` output in an envelope of its own, which would bury ours.
 *
 * Personal data (emails, names, free text from leads) never goes in a field at info level or
 * above; identify a lead by its id. Errors may carry an error's message and stack.
 *
 * Written here rather than taken from AWS Lambda Powertools: Logger and Metrics add 31 KB
 * (10 KB gzipped) to the API bundle, which its budget has no room for (measured, see
 * docs/operations.md, "Logs").
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? "info"];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (rank[level] < threshold) return;
    const correlationId = context.getStore()?.correlationId;
    const traceId = runtimeEnv.traceHeader();
    write(
      JSON.stringify({
        level: level.toUpperCase(),
        timestamp: now().toISOString(),
        message,
        ...options.base,
        ...(correlationId ? { correlationId } : {}),
        ...(traceId ? { traceId } : {}),
        ...fields,
      }),
    );
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}

/** An error as log fields: its name and message, and the stack for unexpected ones. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  return { error: error.message, errorName: error.name, ...(error.stack ? { stack: error.stack } : {}) };
}
