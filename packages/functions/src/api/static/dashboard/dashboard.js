import { asPercent, chart, percentAxis, table, tiles } from "./render.js";

/*
 * The dashboard a sales or marketing manager opens: four reports of the API, drawn. The API
 * key lives in sessionStorage only, so it is gone when the tab closes and never sent to any
 * other origin (the page calls its own API, same origin).
 */

const KEY = "rebound.dashboard.key";
const $ = (id) => document.getElementById(id);

function status(text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

function showSignedIn(signedIn) {
  $("sign-in").hidden = signedIn;
  $("period").hidden = !signedIn;
  if (!signedIn) $("dashboard").hidden = true;
}

async function get(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(KEY)}` } });
  const body = await response.json();
  if (!response.ok)
    throw Object.assign(new Error(body.detail ?? body.title ?? response.statusText), {
      status: response.status,
    });
  return body;
}

function query(params) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  return search.size ? `?${search}` : "";
}

async function load() {
  const form = $("period");
  const period = { from: form.from.value.trim(), to: form.to.value.trim() };
  status("Loading…");
  try {
    const [funnel, weeks, sources, reps, rebounds, forecast] = await Promise.all([
      get(`/v1/reports/funnel${query({ ...period, groupBy: "source" })}`),
      get(`/v1/reports/funnel${query({ ...period, groupBy: "week" })}`),
      get(`/v1/reports/sources${query({ ...period, groupBy: "source" })}`),
      get(`/v1/reports/reps${query({ ...period, groupBy: "rep" })}`),
      get(`/v1/reports/rebounds${query({ ...period, groupBy: "cycle" })}`),
      get(`/v1/reports/rebounds${query({ from: "today", to: "+26w", groupBy: "week" })}`),
    ]);
    draw({ funnel, weeks, sources, reps, rebounds, forecast });
    $("dashboard").hidden = false;
    status("");
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      sessionStorage.removeItem(KEY);
      showSignedIn(false);
    }
    status(`Could not load the reports: ${error.message}`, true);
  }
}

function draw({ funnel, weeks, sources, reps, rebounds, forecast }) {
  $("period-from").textContent = funnel.from;
  $("period-to").textContent = funnel.to;
  const t = funnel.totals;
  const tile = (label, field, format, report = "funnel", row = t) => ({
    label,
    report,
    key: row.key,
    field,
    format,
    row,
  });
  tiles($("funnel-tiles"), [
    tile("leads entered", "entered", "count"),
    tile("sales-ready", "conversion.salesReady", "percent"),
    tile("handed off", "handedOff", "count"),
    tile("accepted by sales", "accepted", "count"),
    tile("won", "won", "count"),
    tile("leads per sale", "leadsPerSale", "decimal"),
    tile("lead → sale", "conversion.overall", "percent"),
  ]);
  const stages = ["entered", "salesReady", "handedOff", "accepted", "won"];
  chart(
    "funnel-chart",
    "bar",
    ["Entered", "Sales-ready", "Handed off", "Accepted", "Won"],
    [{ label: "Leads", data: stages.map((s) => t[s]) }],
    { indexAxis: "y" },
  );
  chart(
    "funnel-weeks",
    "line",
    weeks.groups.map((g) => g.key),
    [
      { label: "Entered", data: weeks.groups.map((g) => g.entered), tension: 0.2 },
      { label: "Won", data: weeks.groups.map((g) => g.won), tension: 0.2 },
    ],
  );

  const top = [...sources.groups].sort((a, b) => b.entered - a.entered).slice(0, 12);
  chart(
    "sources-chart",
    "bar",
    top.map((g) => g.key),
    [
      { label: "Sales-ready %", data: top.map((g) => asPercent(g.salesReadyRate)) },
      { label: "Accepted by sales %", data: top.map((g) => asPercent(g.acceptRate)) },
      { label: "Won %", data: top.map((g) => asPercent(g.winRate)) },
    ],
    { scales: { y: percentAxis } },
  );
  table($("sources-table"), "sources", sources, [
    { label: "Source" },
    { label: "Leads", field: "entered", format: "count" },
    { label: "Sales-ready", field: "salesReadyRate", format: "percent" },
    { label: "Hand-offs", field: "handoffs", format: "count" },
    { label: "Accepted", field: "acceptRate", format: "percent" },
    { label: "Rejected", field: "rejectRate", format: "percent" },
    { label: "Won", field: "winRate", format: "percent" },
    { label: "Median to accept", field: "medianHoursToAccept", format: "duration" },
    { label: "Qualified out", field: "qualifiedOut", format: "count" },
    { label: "Lost", field: "lost", format: "count" },
  ]);

  chart(
    "reps-chart",
    "bar",
    reps.groups.map((g) => g.key),
    [
      { label: "Accepted within SLA %", data: reps.groups.map((g) => asPercent(g.acceptSla.compliance)) },
      { label: "Outcome within SLA %", data: reps.groups.map((g) => asPercent(g.outcomeSla.compliance)) },
      { label: "Follow-ups on time %", data: reps.groups.map((g) => asPercent(g.followUps.compliance)) },
    ],
    { scales: { y: percentAxis } },
  );
  table($("reps-table"), "reps", reps, [
    { label: "Rep" },
    { label: "Hand-offs", field: "handoffs", format: "count" },
    { label: "Accept SLA", field: "acceptSla.compliance", format: "percent", low: 0.8 },
    { label: "Breaches", field: "breaches.accept", format: "count" },
    { label: "Rejected", field: "rejected", format: "count" },
    { label: "Held", field: "appointments.held", format: "count" },
    { label: "No-show", field: "appointments.prospectNoShow", format: "count" },
    { label: "Missed by rep", field: "appointments.missedByRep", format: "count" },
    { label: "Follow-ups", field: "followUps.logged", format: "count" },
    { label: "On cadence", field: "followUps.compliance", format: "percent", low: 0.8 },
    { label: "Won", field: "outcomes.won", format: "count" },
    { label: "Lost", field: "outcomes.lost", format: "count" },
    { label: "To first follow-up", field: "medianHoursToFirstFollowUp", format: "duration" },
  ]);

  const r = (label, field, format) => ({
    label,
    report: "rebounds",
    key: "rebounds",
    field,
    format,
    row: rebounds,
  });
  tiles($("rebound-tiles"), [
    r("first-time leads won", "cohorts.new.winRate", "percent"),
    r("comeback leads won", "cohorts.comeback.winRate", "percent"),
    r("rebounded", "totals.rebounded", "count"),
    r("returned by themselves", "returning.fromLost", "count"),
    r("re-qualified", "requalified", "count"),
    r("won after a rebound", "wonAfterRebound", "count"),
  ]);
  chart(
    "forecast-chart",
    "bar",
    forecast.groups.map((g) => g.key),
    [{ label: "Rebounds due", data: forecast.groups.map((g) => g.due) }],
  );
  const reasons = [
    ...new Set([...Object.keys(rebounds.losses.lost), ...Object.keys(rebounds.losses.qualifiedOut)]),
  ].sort();
  chart(
    "losses-chart",
    "bar",
    reasons,
    [
      { label: "Lost", data: reasons.map((k) => rebounds.losses.lost[k] ?? 0) },
      { label: "Qualified out", data: reasons.map((k) => rebounds.losses.qualifiedOut[k] ?? 0) },
    ],
    { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } },
  );
}

function setDays(days) {
  const form = $("period");
  form.from.value = `-${days - 1}d`;
  form.to.value = "today";
  void load();
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $("key").value.trim());
  $("key").value = "";
  showSignedIn(true);
  void load();
});
$("period").addEventListener("submit", (event) => {
  event.preventDefault();
  void load();
});
for (const button of document.querySelectorAll("[data-days]"))
  button.addEventListener("click", () => setDays(Number(button.dataset.days)));
$("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem(KEY);
  showSignedIn(false);
  status("The key is forgotten.");
});

if (sessionStorage.getItem(KEY)) {
  showSignedIn(true);
  void load();
}
