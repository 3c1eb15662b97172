/** How the dashboard writes figures. Every figure element also carries the raw value (data-value). */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export const formats = {
  count: (n) => (n === null || n === undefined ? "–" : integer.format(n)),
  /** A ratio 0…1 as a percentage with one decimal. */
  percent: (r) => (r === null || r === undefined ? "–" : `${(r * 100).toFixed(1)}%`),
  /** Leads per sale and the like: one decimal. */
  decimal: (n) => (n === null || n === undefined ? "–" : n.toFixed(1)),
  /** A histogram median: minutes under an hour, hours under two days, then days. */
  duration: (m) => {
    if (m === null || m === undefined) return "–";
    if (m.hours < 1) return `${Math.round(m.hours * 60)} min`;
    if (m.hours < 48) return `${m.hours.toFixed(1)} h`;
    return `${(m.hours / 24).toFixed(1)} d`;
  },
};

/** The value at a dotted path (`conversion.won`). */
export function pick(object, path) {
  return path
    .split(".")
    .reduce((value, part) => (value === null || value === undefined ? value : value[part]), object);
}
