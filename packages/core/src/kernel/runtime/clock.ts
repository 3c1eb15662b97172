import type { Clock } from "../clock";

/**
 * The wall clock, and the only place under packages/core/src that reads it: the composition
 * roots (Lambda handlers, npm start, scripts) pass it in; domain code takes the injected Clock.
 */
export const systemClock: Clock = { now: () => new Date() };
