// The bottom layer: imports nothing of ours. `zod.ts` is not re-exported here: consumers
// take zod as a namespace import of "@rebound/core/zod" (see there for the bundle-size reason).
export * from "./clock";
export * from "./duration";
export * from "./errors";
export * from "./ids";
export * from "./number";
export * from "./parse";
export * from "./pool";
export * from "./region";
export * from "./retry";
export * from "./runtime/clock";
export * from "./shape";
export * from "./text";
