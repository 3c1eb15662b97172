export * from "./envelope";
export * from "./reasons";
export * from "./define";
export * from "./catalogue";
export * from "./publisher";
