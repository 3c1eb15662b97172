export * from "./zod";
export * from "./parse";
