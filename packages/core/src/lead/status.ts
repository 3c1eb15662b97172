/** The lifecycle states (product.md). Transitions are enforced by the lifecycle module. */
export const leadStatuses = [
  "captured",
  "nurturing",
  "sales_ready",
  "handed_off",
  "accepted",
  "won",
  "recycled",
  "lost",
  "qualified_out",
  "rebounded",
] as const;
export type LeadStatus = (typeof leadStatuses)[number];
