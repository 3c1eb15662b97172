/**
 * Everything `npm start` must undo when it exits, however it exits: a failed start-up, an
 * uncaught error, Ctrl-C, SIGTERM, or the death of DynamoDB Local. Cleanups run in reverse
 * order of registration, each bounded in time, so the process always ends; `kill` hooks run
 * synchronously on any exit that skipped them (a second Ctrl-C, a process.exit elsewhere), so
 * no child process (the DynamoDB Local JVM) outlives Node unless Node itself is SIGKILLed.
 */
export class Lifecycle {
  private readonly cleanups: { name: string; run: () => unknown }[] = [];
  private readonly kills: (() => void)[] = [];
  private exiting: Promise<never> | undefined;

  constructor(
    private readonly out: (line: string) => void = console.log,
    private readonly err: (line: string) => void = console.error,
    private readonly exit: (code: number) => never = process.exit,
    private readonly cleanupTimeoutMs = 10_000,
  ) {}

  /** Runs `run` at exit (awaited, at most the cleanup timeout); `kill` if the process exits without it. */
  onExit(name: string, run: () => unknown, kill?: () => void): void {
    this.cleanups.push({ name, run });
    if (kill) this.kills.push(kill);
  }

  /** Signals and process-level errors all lead to one orderly shutdown. */
  install(): void {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(signal, () => {
        if (this.exiting) {
          this.err(`${signal} again: stopping now.`);
          this.killAll();
          this.exit(130);
        }
        this.out(`\n${signal}: stopping…`);
        void this.shutdown(0);
      });
    }
    process.on("uncaughtException", (error) => void this.shutdown(1, describe(error, true)));
    process.on("unhandledRejection", (reason) => void this.shutdown(1, describe(reason, true)));
    process.on("exit", () => this.killAll());
  }

  /** Logs `message` (to stderr when failing), runs every cleanup, and exits with `code`. */
  shutdown(code: number, message?: string): Promise<never> {
    this.exiting ??= (async () => {
      if (message) (code === 0 ? this.out : this.err)(message);
      for (const { name, run } of [...this.cleanups].reverse()) {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(run),
            new Promise((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`timed out after ${this.cleanupTimeoutMs} ms`)),
                this.cleanupTimeoutMs,
              );
            }),
          ]);
        } catch (error) {
          this.err(`Stopping ${name} failed: ${describe(error, false)}`);
        } finally {
          clearTimeout(timer);
        }
      }
      this.killAll();
      if (code === 0) this.out("Stopped.");
      return this.exit(code);
    })();
    return this.exiting;
  }

  private killAll() {
    for (const kill of this.kills.splice(0)) {
      try {
        kill();
      } catch {
        /* already gone */
      }
    }
  }
}

/** An error's message; with the stack for errors we did not expect (they are bugs). */
export function describe(error: unknown, withStack: boolean): string {
  if (!(error instanceof Error)) return String(error);
  return withStack && error.stack ? error.stack : error.message;
}
