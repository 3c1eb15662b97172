export * from "./parse";
export * from "./text";
