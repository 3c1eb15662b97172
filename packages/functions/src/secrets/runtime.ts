import type { CursorKeys } from "@rebound/core/paging";
import type { Config, SecretSetting } from "../config";
import { createLogger, type Logger } from "../observability/log";
import { type SecretStore, SecretUnavailableError, type SecretVersion } from "./store";

/**
 * The secrets a request needs, read at run time and cached. `refresh()` is awaited once per
 * request (a no-op while the cache is fresh); the getters are synchronous so that code
 * which signs cursors or checks keys needs no await.
 */
export interface RuntimeSecrets {
  /** Re-reads the secrets when the cache is older than its TTL. Never throws: a failure keeps the last good values. */
  refresh(): Promise<void>;
  /** The bootstrap admin key; undefined when none is configured (or its secret has no value). */
  bootstrapAdminKey(): string | undefined;
  /** The key that signs cursors, and every key a cursor may still be signed with. */
  cursorKeys(): CursorKeys;
  /** The key of the suppression list's hashes (never rotated: no previous value is kept). */
  suppressionSecret(): string;
}

export interface RuntimeSecretsOptions {
  /** Required when a setting names a secret instead of giving its value. */
  store?: SecretStore;
  now?: () => number;
  log?: Pick<Logger, "error">;
}

interface Loaded {
  bootstrapAdminKey: string | undefined;
  cursor: string;
  suppression: string;
  /** The cursor secret before the last rotation, accepted until `previousUntil`. */
  previous?: { value: string; until: number };
}

/** After a failed read, wait this long before asking the store again (not on every request). */
const RETRY_AFTER_FAILURE_MS = 5_000;

const minimum = { bootstrapAdminKey: 24, cursorSecret: 16, suppressionSecret: 16 } as const;

function checked(name: keyof typeof minimum, id: string, version: SecretVersion | undefined) {
  if (version && version.value.length < minimum[name])
    throw new Error(`secret ${id} is shorter than ${minimum[name]} characters`);
  return version;
}

/**
 * Builds the runtime secrets from configuration. Values given in configuration (npm start,
 * tests) are used as they are. Secrets named by id (deployed stages) are read from the store
 * on first use and again when older than `cacheMs`; the previous cursor secret (the value
 * replaced by the last rotation) is also accepted for `cursorGraceMs` after that rotation, so
 * cursors held by clients survive a rotation. The bootstrap key has no such grace: a rotated
 * admin key stops working within `cacheMs`.
 */
export function createRuntimeSecrets(
  settings: Config["secrets"],
  options: RuntimeSecretsOptions = {},
): RuntimeSecrets {
  const now = options.now ?? Date.now;
  const log = options.log ?? createLogger();
  const idOf = (setting: SecretSetting | undefined) =>
    setting && "secretId" in setting ? setting.secretId : undefined;
  const remote = [settings.cursorSecret, settings.suppressionSecret, settings.bootstrapAdminKey].some(
    (setting) => idOf(setting) !== undefined,
  );
  if (remote && !options.store) throw new Error("a secret store is required to read secrets by id");

  // Values given in configuration are ready at once; nothing to refresh.
  let loaded: Loaded | undefined = remote
    ? undefined
    : {
        bootstrapAdminKey:
          settings.bootstrapAdminKey && "value" in settings.bootstrapAdminKey
            ? settings.bootstrapAdminKey.value
            : undefined,
        cursor: "value" in settings.cursorSecret ? settings.cursorSecret.value : "",
        suppression: "value" in settings.suppressionSecret ? settings.suppressionSecret.value : "",
      };
  let loadedAt = remote ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastError: string | undefined;
  let inFlight: Promise<void> | undefined;

  async function read(name: keyof typeof minimum, setting: SecretSetting | undefined) {
    if (!setting) return undefined;
    if ("value" in setting) return { value: setting.value };
    return checked(name, setting.secretId, await options.store!.read(setting.secretId, "current"));
  }

  async function load(): Promise<Loaded> {
    const [cursor, suppression, bootstrap] = await Promise.all([
      read("cursorSecret", settings.cursorSecret),
      read("suppressionSecret", settings.suppressionSecret),
      read("bootstrapAdminKey", settings.bootstrapAdminKey),
    ]);
    const cursorId = idOf(settings.cursorSecret);
    const unset = (id: string | undefined) =>
      new Error(
        `secret ${id} has no value: set one with aws secretsmanager put-secret-value --secret-id ${id} --secret-string "$(openssl rand -base64 32)"`,
      );
    if (!cursor) throw unset(cursorId);
    if (!suppression) throw unset(idOf(settings.suppressionSecret));
    const result: Loaded = {
      bootstrapAdminKey: bootstrap?.value,
      cursor: cursor.value,
      suppression: suppression.value,
    };
    const rotatedAt = cursor.createdAt?.getTime();
    if (cursorId && rotatedAt !== undefined && now() < rotatedAt + settings.cursorGraceMs) {
      const previous = checked("cursorSecret", cursorId, await options.store!.read(cursorId, "previous"));
      if (previous) result.previous = { value: previous.value, until: rotatedAt + settings.cursorGraceMs };
    }
    return result;
  }

  function current(): Loaded {
    if (loaded) return loaded;
    throw new SecretUnavailableError(`secrets cannot be read: ${lastError ?? "not loaded yet"}`);
  }

  return {
    refresh() {
      const at = now();
      if (loaded && (!remote || at < loadedAt + settings.cacheMs)) return Promise.resolve();
      if (at < failedAt + RETRY_AFTER_FAILURE_MS) return Promise.resolve();
      inFlight ??= load()
        .then(
          (values) => {
            loaded = values;
            loadedAt = now();
            lastError = undefined;
          },
          (error: unknown) => {
            failedAt = now();
            lastError = error instanceof Error ? error.message : String(error);
            log.error(
              loaded ? "secrets refresh failed; using the last values read" : "secrets cannot be read",
              {
                error: lastError,
              },
            );
          },
        )
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    bootstrapAdminKey() {
      if (!settings.bootstrapAdminKey) return undefined;
      return current().bootstrapAdminKey;
    },
    cursorKeys() {
      const { cursor, previous } = current();
      return {
        sign: cursor,
        verify: previous && now() < previous.until ? [cursor, previous.value] : [cursor],
      };
    },
    suppressionSecret() {
      return current().suppression;
    },
  };
}
