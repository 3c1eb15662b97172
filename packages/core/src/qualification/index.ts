export * from "./apply";
export * from "./evaluate";
export * from "./policy";
export * from "./requalify";
