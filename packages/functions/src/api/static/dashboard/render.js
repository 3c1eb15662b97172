import { formats, pick } from "./format.js";

/*
 * DOM and charts. Text always goes in with textContent: source and rep names come from
 * integrations and public forms, so they are data, never markup. Every figure is marked with
 * the report, the group key and the field it shows (data-report, data-key, data-field).
 */

const charts = new Map();

function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One figure: the formatted value, with where it came from. */
function figure(tag, report, key, field, format, row) {
  const value = pick(row, field);
  return el(
    tag,
    {
      "data-report": report,
      "data-key": key,
      "data-field": field,
      "data-value": JSON.stringify(value ?? null),
    },
    formats[format](value),
  );
}

/** Tiles: { label, report, key, field, format, row }. */
export function tiles(container, items) {
  container.replaceChildren(
    ...items.map((item) => {
      const tile = el("div", { class: "tile" });
      tile.append(
        figure("b", item.report, item.key, item.field, item.format, item.row),
        el("span", {}, item.label),
      );
      return tile;
    }),
  );
}

/** A table of a report's groups and its total: columns { label, field, format }. */
export function table(element, report, data, columns) {
  const head = el("tr");
  head.append(...columns.map((c) => el("th", {}, c.label)));
  const rows = [...data.groups, data.totals].map((row) => {
    const tr = el("tr", row === data.totals ? { class: "total" } : {});
    tr.append(
      el("td", {}, row === data.totals ? "All" : row.key),
      ...columns.slice(1).map((c) => {
        const cell = figure("td", report, row.key, c.field, c.format, row);
        const value = pick(row, c.field);
        if (c.low !== undefined && typeof value === "number" && value < c.low) cell.classList.add("low");
        return cell;
      }),
    );
    return tr;
  });
  element.replaceChildren(el("thead"), el("tbody"));
  element.tHead.append(head);
  element.tBodies[0].append(...rows);
}

const palette = ["#0969da", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#57606a"];

/** (Re)draws a chart; animation off so a screenshot shows the final picture. */
export function chart(id, type, labels, datasets, options = {}) {
  charts.get(id)?.destroy();
  const canvas = document.getElementById(id);
  const instance = new window.Chart(canvas, {
    type,
    data: {
      labels,
      datasets: datasets.map((d, i) => ({ backgroundColor: palette[i], borderColor: palette[i], ...d })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: datasets.length > 1 } },
      ...options,
    },
  });
  charts.set(id, instance);
}

/** Axis settings for a 0–100 % scale from ratios. */
export const percentAxis = {
  min: 0,
  max: 100,
  ticks: { callback: (v) => `${v}%` },
};
export const asPercent = (r) => (r === null ? null : Math.round(r * 1000) / 10);
