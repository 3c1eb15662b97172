export * from "./consent";
export * from "./outcomes";
export * from "./plan";
export * from "./policy";
export * from "./resurface";
export * from "./returning";
export * from "./segment";
export * from "./upcoming";
