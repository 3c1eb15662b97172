import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { check, folderCycles, readGraph } from "../../../scripts/check-layers";

// The layer check guards every later change, so it is proven to fail when it should: on a
// small fixture tree with a cycle, an upward arrow and an AWS import in the wrong place.
const root = mkdtempSync(join(tmpdir(), "layers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, "src-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const layers = { base: 1, a: 2, b: 2, store: 3, top: 4 };
const aws = (file: string) => file.startsWith("store/");

describe("the layer check", () => {
  it("passes a tree whose arrows point down and whose AWS imports stay in store/", () => {
    const src = tree({
      "base/x.ts": "export const x = 1;",
      "a/y.ts": 'import { x } from "../base/x";\nexport const y = x;',
      "store/z.ts":
        'import type { y } from "../a/y";\nimport { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
      "top/w.ts": 'export * from "../store/z";',
    });
    expect(check(readGraph(src), layers, aws)).toEqual([]);
  });

  it("fails on a cycle between folders, type-only imports included, naming the files behind it", () => {
    const src = tree({
      "a/one.ts": 'import { two } from "../b/two";\nexport const one = two;',
      "b/two.ts": 'import type { one } from "../a/one";\nexport const two = 2;',
    });
    const violations = check(readGraph(src), layers, aws);
    expect(violations).toEqual([
      {
        kind: "cycle",
        message: expect.stringMatching(
          /^cycle between a, b: .*a\/one\.ts imports \.\.\/b\/two.*b\/two\.ts imports \.\.\/a\/one/,
        ),
      },
    ]);
  });

  it("fails on an arrow to a higher layer, an AWS import outside store/, and a folder without a layer", () => {
    const src = tree({
      "a/one.ts": 'import { s } from "../store/s";\nimport { unmarshall } from "@aws-sdk/util-dynamodb";',
      "store/s.ts": "export const s = 1;",
      "misc/m.ts": 'import { s } from "../store/s";',
    });
    const kinds = check(readGraph(src), layers, aws).map((v) => v.kind);
    expect(kinds.sort()).toEqual(["aws", "unknown-folder", "upward"]);
  });

  it("finds every folder of a longer cycle, and no cycle in a diamond", () => {
    const edge = (from: string, to: string) => ({ from, to });
    expect(folderCycles([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")])).toEqual([
      ["a", "b", "c"],
    ]);
    expect(folderCycles([edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d")])).toEqual([]);
  });
});
