// What use cases need from storage, as interfaces only; store/ implements them on DynamoDB.
export type * from "./api-keys";
export type * from "./bulk";
export type * from "./erasure";
export type * from "./idempotency";
export type * from "./jobs";
export type * from "./leads";
export type * from "./policies";
export type * from "./queues";
export type * from "./rate-limits";
export type * from "./reports";
export type * from "./segments";
