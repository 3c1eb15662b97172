export * from "./duration";
export * from "./policy";
export * from "./plan";
export * from "./returning";
export * from "./sweep";
export * from "./segment";
export * from "./outcomes";
