import { isTransientStoreError, StoreUnavailableError, type TransientStoreError } from "../kernel/errors";

/**
 * The retryable predicate of a store-write loop that remembers why the last attempt failed,
 * so that running out of attempts is answered for what it was: writers racing for one item
 * (a ContentionError, 409 "retry shortly") or the store throttling us throughout (a
 * StoreUnavailableError, 503 with Retry-After). A lost race that an attempt recognised
 * itself (a version conflict) calls `raced()`.
 */
export function busyTracker() {
  let throttled: TransientStoreError | undefined;
  return {
    retryable(error: unknown): boolean {
      if (!isTransientStoreError(error)) return false;
      const transient = error as TransientStoreError;
      throttled = transient.busy === "throttled" ? transient : undefined;
      return true;
    },
    raced(): void {
      throttled = undefined;
    },
    /** The error for an exhausted loop; `contention` when the last failure was a race. */
    exhausted(contention: () => Error): never {
      if (throttled)
        throw new StoreUnavailableError(
          throttled.code,
          `still throttled after every retry: ${throttled.message}`,
          throttled,
        );
      throw contention();
    },
  };
}
