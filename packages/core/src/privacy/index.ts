export * from "./erasure";
export * from "./suppression";
