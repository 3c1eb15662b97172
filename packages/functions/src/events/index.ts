export * from "./dead-letters";
export * from "./observe";
export * from "./replay";
