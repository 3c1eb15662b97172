import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateOpenApi } from "../src/api/openapi/generate";
import { prebuiltOpenApi } from "../src/api/openapi/prebuilt";

describe("packages/functions/openapi.json (served by the API Lambda)", () => {
  it("is exactly what the routes generate (run `npm run docs:openapi` after changing a route)", () => {
    const committed = readFileSync(new URL("../openapi.json", import.meta.url), "utf8");
    expect(committed).toBe(`${JSON.stringify(generateOpenApi(), null, 2)}\n`);
  });

  it("is what the Lambda serves from its function root", () => {
    const previous = process.env.LAMBDA_TASK_ROOT;
    process.env.LAMBDA_TASK_ROOT = new URL("..", import.meta.url).pathname;
    try {
      expect(prebuiltOpenApi()).toEqual(generateOpenApi());
    } finally {
      if (previous === undefined) delete process.env.LAMBDA_TASK_ROOT;
      else process.env.LAMBDA_TASK_ROOT = previous;
    }
  });
});
