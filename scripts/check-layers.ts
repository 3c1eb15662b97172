/**
 * `npm run check:layers`: the dependency rules of packages/core/src, checked on the real
 * imports. Every file's imports (type-only ones included: they couple folders too) become
 * arrows between top-level folders, and the check fails on
 *   (a) a cycle between folders,
 *   (b) an arrow to a higher layer than the folder's own (the table below),
 *   (c) an `@aws-sdk/*` import outside store/ and the EventBridge adapter (events/eventbridge*.ts).
 * docs/architecture.md explains the layers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

/** Layer of each folder, bottom (1) to top; an arrow may point to the same or a lower layer. */
export const layers: Record<string, number> = {
  kernel: 1,
  lead: 2,
  events: 2,
  qualification: 2,
  rebound: 2,
  handoff: 2,
  intake: 2,
  auth: 2,
  paging: 2,
  /** Erasure and the suppression list: pure decisions over the lead, rebound and hand-off records. */
  privacy: 2,
  reports: 2,
  ports: 3,
  store: 4,
  usecases: 5,
};

/** Files (relative to src, forward slashes) that may import `@aws-sdk/*`. */
export const awsAllowed = (file: string) =>
  file.startsWith("store/") || /^events\/eventbridge[^/]*\.ts$/.test(file);

export interface Edge {
  from: string;
  to: string;
  /** One file and import behind the arrow, to point a reader at it. */
  via: string;
}

export interface Violation {
  kind: "cycle" | "upward" | "aws" | "unknown-folder";
  message: string;
}

/** The folder-level arrows and the AWS imports of a source tree. */
export function readGraph(srcDir: string): { edges: Edge[]; aws: { file: string; module: string }[] } {
  const edges = new Map<string, Edge>();
  const aws: { file: string; module: string }[] = [];
  for (const path of tsFiles(srcDir)) {
    const file = relative(srcDir, path).split(sep).join("/");
    const from = file.split("/")[0]!;
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    for (const { fileName: module } of importedFiles) {
      if (module.startsWith("@aws-sdk/")) aws.push({ file, module });
      if (!module.startsWith(".")) continue;
      const target = relative(srcDir, resolve(dirname(path), module)).split(sep);
      const to = target[0]!;
      if (to === from || to.startsWith("..")) continue;
      const key = `${from}→${to}`;
      if (!edges.has(key)) edges.set(key, { from, to, via: `${file} imports ${module}` });
    }
  }
  return { edges: [...edges.values()], aws };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Cycles between folders (strongly connected components of more than one folder). */
export function folderCycles(edges: Pick<Edge, "from" | "to">[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return cycles;
}

/** Every rule the graph breaks. */
export function check(
  graph: { edges: Edge[]; aws: { file: string; module: string }[] },
  layerOf: Record<string, number> = layers,
  mayImportAws: (file: string) => boolean = awsAllowed,
): Violation[] {
  const violations: Violation[] = [];
  for (const cycle of folderCycles(graph.edges)) {
    const arrows = graph.edges.filter((e) => cycle.includes(e.from) && cycle.includes(e.to));
    violations.push({
      kind: "cycle",
      message: `cycle between ${cycle.join(", ")}: ${arrows.map((e) => `${e.from} → ${e.to} (${e.via})`).join("; ")}`,
    });
  }
  const unknown = new Map<string, string>();
  for (const edge of graph.edges) {
    const from = layerOf[edge.from];
    const to = layerOf[edge.to];
    if (from === undefined) unknown.set(edge.from, edge.via);
    if (to === undefined) unknown.set(edge.to, edge.via);
    if (from !== undefined && to !== undefined && to > from)
      violations.push({
        kind: "upward",
        message: `${edge.from} (layer ${from}) → ${edge.to} (layer ${to}) points up: ${edge.via}`,
      });
  }
  for (const [folder, via] of unknown)
    violations.push({
      kind: "unknown-folder",
      message: `${folder}/ has no layer: add it to the layer table in scripts/check-layers.ts (e.g. ${via})`,
    });
  for (const { file, module } of graph.aws)
    if (!mayImportAws(file))
      violations.push({ kind: "aws", message: `${file} imports ${module}: AWS stays behind store/` });
  return violations;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--src <dir>` checks another tree (e.g. an older checkout) with the same rules.
  const at = process.argv.indexOf("--src");
  const src =
    at > 0 && process.argv[at + 1]
      ? resolve(process.argv[at + 1]!)
      : resolve(dirname(new URL(import.meta.url).pathname), "../packages/core/src");
  const graph = readGraph(src);
  const violations = check(graph);
  if (process.argv.includes("--print")) {
    for (const edge of [...graph.edges].sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`)))
      console.log(`${edge.from} → ${edge.to}`);
  }
  if (violations.length) {
    for (const v of violations) console.error(`✗ ${v.kind}: ${v.message}`);
    console.error(`\n${violations.length} layer violation(s) in packages/core/src (docs/architecture.md).`);
    process.exit(1);
  }
  console.log(
    `layers ok: ${graph.edges.length} folder arrows in packages/core/src, no cycle, none upward, AWS only in store/ and events/eventbridge*.ts`,
  );
}
