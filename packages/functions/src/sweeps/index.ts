export { recordSweep } from "./report";
