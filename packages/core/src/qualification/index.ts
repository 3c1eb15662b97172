export * from "./policy";
export * from "./verdict";
export * from "./evaluate";
export * from "./apply";
export * from "./publish";
