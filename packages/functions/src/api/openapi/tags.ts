/**
 * The document's tags, in the order the reference shows them. A route's tag must be declared
 * here (the spec linters flag an undeclared one).
 */
export const API_TAGS: { name: string; description: string }[] = [
  {
    name: "leads",
    description: "Capture leads (one by one, in bulk, from form tools), read and correct them.",
  },
  {
    name: "policies",
    description: "The versioned sales-ready policy: BANT, engagement and score criteria every verdict names.",
  },
  {
    name: "hand-off",
    description: "Hand a sales-ready lead to a named rep, who must accept or reject it within the SLA.",
  },
  { name: "activities", description: "What the rep did with the lead: follow-ups and appointments." },
  {
    name: "outcomes",
    description: "How a lead ended: won, recycled, lost or qualified out (with a reason).",
  },
  { name: "reps", description: "A rep's queue of leads." },
  {
    name: "rebound",
    description:
      "Lost and qualified-out leads come back: the rebound policy, the sweep, the segment automation pulls, planning.",
  },
  {
    name: "reports",
    description:
      "Funnel, source quality, rep follow-through and rebounds, from day counters the event stream keeps (also as CSV).",
  },
  { name: "admin", description: "Operations: run the schedules' sweeps by hand." },
  {
    name: "api-keys",
    description: "API keys with scopes (ingest, sales, automation, admin), stored hashed.",
  },
  {
    name: "events",
    description: "Events the local runner delivered (npm start only; in AWS they go to EventBridge).",
  },
  { name: "meta", description: "Health, this document and its reference page." },
];
