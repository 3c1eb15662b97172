export * from "./catalogue";
export * from "./define";
export * from "./envelope";
export * from "./publisher";
export * from "./redaction";
