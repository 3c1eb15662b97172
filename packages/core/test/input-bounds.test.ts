import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { widestRecord } from "../src/intake/csv";
import {
  isBoundedDuration,
  isStorableNumber,
  jsonShapeIssue,
  MAX_KEYS_PER_OBJECT,
  shapeIssues,
} from "../src/kernel";

describe("input bounds (kernel)", () => {
  it("durations: at most P10Y, however it is spelled", () => {
    for (const ok of ["P10Y", "P120M", "P3652D", "P521W", "PT87658H", "P9Y11M30D", "PT30S"])
      expect(isBoundedDuration(ok), ok).toBe(true);
    for (const no of ["P10Y1D", "P121M", "P3653D", "P999999Y", "P", "PT", "P1Y2", "-P1Y"])
      expect(isBoundedDuration(no), no).toBe(false);
  });

  it("numbers: only what DynamoDB stores", () => {
    for (const ok of [0, -0, 1, -1.5, 1e-130, 9.99e124, 123456.789])
      expect(isStorableNumber(ok), String(ok)).toBe(true);
    for (const no of [5e-324, 1e-131, 1e125, -1e200, Number.MAX_VALUE])
      expect(isStorableNumber(no), String(no)).toBe(false);
  });

  it("prototype-shaped keys are named wherever they are, __proto__ included", () => {
    const input = JSON.parse('{"a":{"constructor":1},"b":[{"__proto__":2}],"toString":3}');
    expect(shapeIssues(input).map((i) => i.path)).toEqual([
      ["a", "constructor"],
      ["b", 0, "__proto__"],
      ["toString"],
    ]);
    expect(shapeIssues({ email: "a@b.co", custom: { plan: "pro" } })).toEqual([]);
  });

  it("the JSON pre-scan agrees with the parsed shape on what is too wide or too deep", () => {
    fc.assert(
      fc.property(fc.nat(MAX_KEYS_PER_OBJECT + 5), fc.nat(70), fc.string(), (keys, depth, text) => {
        const wide = Object.fromEntries(Array.from({ length: keys }, (_, i) => [`${text}:{"${i}`, "x:{]"]));
        const json = `${"[".repeat(depth)}${JSON.stringify(wide)}${"]".repeat(depth)}`;
        const issue = jsonShapeIssue(json);
        expect(issue?.code).toBe(
          depth + 1 > 64 ? "too_deep" : keys > MAX_KEYS_PER_OBJECT ? "too_big" : undefined,
        );
      }),
      { numRuns: 40 },
    );
  });

  it("the CSV pre-scan counts cells per record, quoted delimiters and line breaks aside", () => {
    expect(widestRecord('a,b,"c,d"\n"x\ny",2', ",", 10)).toBe(3);
    expect(widestRecord(`${",".repeat(2_000)}\na`, ",", 1_000)).toBe(1_001);
  });
});
