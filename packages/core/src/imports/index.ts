export * from "./import-leads";
export * from "./plan";
export * from "./pool";
