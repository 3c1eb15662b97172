export * from "./action";
export * from "./activities";
export * from "./context";
export * from "./handoff";
export * from "./outcomes";
export * from "./reassign";
export * from "./schema";
export * from "./sla";
