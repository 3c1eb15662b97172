export * from "./action";
export * from "./activities";
export * from "./cadence";
export * from "./context";
export * from "./handoff";
export * from "./outcomes";
export * from "./schema";
export * from "./sla";
