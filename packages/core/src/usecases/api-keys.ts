import {
  type ApiKeyRecord,
  apiKeyInputSchema,
  generateApiKey,
  hashSecret,
  ingestSettingsIssues,
  isPublicKey,
} from "../auth";
import type { Clock } from "../kernel/clock";
import { ValidationError, WriteConflict } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import type { ApiKeyRepository } from "../ports/api-keys";
import type { IdempotencyRepository, StoredResponse } from "../ports/idempotency";
import {
  findReplay,
  type IdempotencyRequest,
  type Replayable,
  replayOrReject,
  storedResponse,
} from "./idempotency";

export interface ApiKeyDeps {
  apiKeys: Pick<ApiKeyRepository, "create">;
  idempotency: Pick<IdempotencyRepository, "find">;
  clock: Clock;
}

/** A new key: its record and the token, shown once (absent from a replayed answer). */
export interface CreatedApiKey {
  record: ApiKeyRecord;
  token?: string;
}

/**
 * Creates an API key. With an Idempotency-Key the response is stored in the key's own
 * transaction, so a retry gets the same key back instead of a second key — without its
 * token: the table never holds a secret in plain text (the key item keeps only its hash), so
 * the token is shown once, to the first answer. A client that lost it revokes the key.
 */
export async function createApiKey(
  deps: ApiKeyDeps,
  raw: unknown,
  by: string,
  idempotency?: IdempotencyRequest<CreatedApiKey>,
): Promise<Replayable<CreatedApiKey>> {
  const input = parseWith(apiKeyInputSchema, raw, "The API key request is not valid.");
  const issues = ingestSettingsIssues({ publicKey: isPublicKey(input), ingest: input.ingest });
  if (issues.length) throw new ValidationError("The API key request is not valid.", issues);
  const now = deps.clock.now();
  const replay = idempotency && (await findReplay(deps, idempotency, now));
  if (replay) return replay;
  const { id, secret, token } = generateApiKey();
  const at = now.toISOString();
  const record: ApiKeyRecord = {
    id,
    name: input.name,
    scopes: [...new Set(input.scopes)],
    ...(input.repId ? { repId: input.repId } : {}),
    ...(input.rateLimit ? { rateLimit: input.rateLimit } : {}),
    ...(input.ingest
      ? {
          ingest: {
            allowedOrigins: [...new Set(input.ingest.allowedOrigins ?? [])],
            serverToServer: input.ingest.serverToServer ?? false,
            ...(input.ingest.redirectUrl ? { redirectUrl: input.ingest.redirectUrl } : {}),
            ...(input.ingest.formUrl ? { formUrl: input.ingest.formUrl } : {}),
          },
        }
      : {}),
    ...(input.typeformSecret ? { typeformSecret: input.typeformSecret } : {}),
    secretHash: hashSecret(secret),
    createdAt: at,
    createdBy: by,
  };
  const created = { record, token };
  const response = idempotency ? storedResponse(idempotency, { record }, at) : undefined;
  try {
    await deps.apiKeys.create(record, response);
  } catch (error) {
    // A racing twin with the same key won: answer exactly as it did.
    if (idempotency && error instanceof WriteConflict && error.reason === "idempotency_key_used") {
      const winner =
        (error.found as StoredResponse | undefined) ?? (await findReplay(deps, idempotency, now))?.response;
      if (winner) return replayOrReject(winner, idempotency);
    }
    throw error;
  }
  return response ? { kind: "done", result: created, response } : { kind: "done", result: created };
}
