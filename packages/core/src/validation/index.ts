export * from "./text";
export * from "./parse";
