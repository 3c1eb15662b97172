import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { generateOpenApi } from "../src/api/openapi/generate";

const run = promisify(execFile);
const root = new URL("../../..", import.meta.url).pathname;
const bin = (name: string) => join(root, "node_modules/.bin", name);

/**
 * Two independent linters on the generated document, as an integrator would run them:
 * Spectral's OpenAPI ruleset (.spectral.yaml) and Redocly's recommended one (redocly.yaml).
 * Both run offline (Redocly's telemetry and update check off); warnings count as failures.
 */
describe("the generated OpenAPI document passes the spec linters", () => {
  let file: string;
  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), "openapi-lint-")), "openapi.json");
    writeFileSync(file, JSON.stringify(generateOpenApi(), null, 2));
  });

  it("Spectral (spectral:oas): 0 errors, 0 warnings", async () => {
    const { stdout } = await run(
      bin("spectral"),
      [
        "lint",
        file,
        "--ruleset",
        join(root, ".spectral.yaml"),
        "--format",
        "json",
        "--fail-severity",
        "hint",
      ],
      { cwd: root },
    ).catch((error: { stdout: string }) => error);
    const findings = JSON.parse(stdout.slice(0, stdout.lastIndexOf("]") + 1)) as {
      code: string;
      message: string;
      path: string[];
    }[];
    expect(findings.map((f) => `${f.code} ${f.path.join(".")}: ${f.message}`)).toEqual([]);
  });

  it("Redocly (recommended): 0 errors, 0 warnings", async () => {
    const { stdout } = await run(
      bin("redocly"),
      ["lint", file, "--config", join(root, "redocly.yaml"), "--format", "json"],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    ).catch((error: { stdout: string }) => error);
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
