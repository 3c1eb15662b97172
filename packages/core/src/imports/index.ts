export * from "./plan";
export * from "./import-leads";
export * from "./pool";
