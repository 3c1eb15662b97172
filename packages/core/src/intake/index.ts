export * from "./csv";
export * from "./form-fields";
export * from "./import-file";
export * from "./mapping";
export * from "./presets";
export * from "./sheet";
export * from "./typeform";
