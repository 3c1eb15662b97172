import { CursorCodec } from "@rebound/core/paging";
import type { Config } from "../config";
import { createRuntimeSecrets, type RuntimeSecrets, type RuntimeSecretsOptions } from "./runtime";

export { createRuntimeSecrets, type RuntimeSecrets, type RuntimeSecretsOptions } from "./runtime";
export * from "./store";

/** The runtime secrets and the cursor codec that signs with them, as ApiDeps holds them. */
export function runtimeSecrets(
  config: Config,
  options: RuntimeSecretsOptions = {},
): { secrets: RuntimeSecrets; cursors: CursorCodec } {
  const secrets = createRuntimeSecrets(config.secrets, options);
  return { secrets, cursors: new CursorCodec(() => secrets.cursorKeys()) };
}
