export * from "./csv";
export * from "./mapping";
export * from "./presets";
export * from "./sheet";
export * from "./import-file";
export * from "./form-fields";
export * from "./typeform";
