/** The time source domain code uses; tests and sweeps move it instead of sleeping. */
export interface Clock {
  now(): Date;
}

/**
 * Monotonic milliseconds from an arbitrary origin, for time budgets ("stop starting work
 * after 25 s"). Never domain time: a clock tests move by months must not end a run early.
 */
export const monotonicTimer = (): number => performance.now();

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string | number = "2026-01-01T00:00:00.000Z") {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string | number): void {
    this.#ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
