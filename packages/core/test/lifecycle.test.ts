import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IllegalTransitionError } from "../src/kernel/errors";
import { assertMove, canMove, type LeadStatus, leadStatuses, transitions } from "../src/lead";

type Edge = [LeadStatus, LeadStatus];

/** The arrows of product.md's lifecycle diagram, transcribed independently of the implementation. */
const diagram: Edge[] = [
  ["captured", "nurturing"],
  ["captured", "qualified_out"],
  ["nurturing", "sales_ready"],
  ["sales_ready", "nurturing"],
  ["sales_ready", "handed_off"],
  ["handed_off", "accepted"],
  ["accepted", "won"],
  ["accepted", "recycled"],
  ["recycled", "nurturing"],
  ["handed_off", "lost"],
  ["accepted", "lost"],
  ["lost", "rebounded"],
  ["qualified_out", "rebounded"],
  // "rebounded (… re-enters qualification with its whole history)"
  ["rebounded", "nurturing"],
  ["rebounded", "sales_ready"],
  ["rebounded", "qualified_out"],
];

/** Edges the product text asks for beyond the drawing, each with the sentence that needs it. */
const extensions: Edge[] = [
  ["captured", "sales_ready"], // a capture is evaluated at once; a lead meeting the policy skips nurturing
  ["captured", "handed_off"], // hand-off override ("an override needs a stated reason")
  ["nurturing", "handed_off"], // override
  ["recycled", "handed_off"], // override
  ["rebounded", "handed_off"], // override
  ["handed_off", "nurturing"], // "rejected leads return to nurturing"; SLA return_to_marketing
  ["accepted", "nurturing"], // SLA return_to_marketing when no outcome is recorded in time
  ["accepted", "handed_off"], // issue 12: "a sales key without a repId is a sales manager (… reassigns a hand-off)"
  ["nurturing", "qualified_out"], // marketing qualifies out what it nurtures (spam, students…)
  ["sales_ready", "qualified_out"],
  ["recycled", "qualified_out"],
  ["recycled", "sales_ready"], // a delayed lead that meets the policy again
  // "A lost or qualified-out lead that comes back on its own … is recognised at capture, flagged
  // as a returning rebounder" and re-evaluated against the sales-ready policy.
  ["lost", "nurturing"],
  ["lost", "sales_ready"],
  ["qualified_out", "nurturing"],
  ["qualified_out", "sales_ready"],
];

const key = ([a, b]: Edge) => `${a}→${b}`;
const machineEdges = leadStatuses.flatMap((from) => transitions[from].map((to): Edge => [from, to]));

function reachable(from: LeadStatus, edges: Edge[]): Set<LeadStatus> {
  const seen = new Set<LeadStatus>([from]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const [a, b] of edges)
      if (a === at && !seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
  }
  return seen;
}

/** Applies requested moves, keeping the legal ones; returns the path and every refusal. */
function walk(start: LeadStatus, requests: LeadStatus[]) {
  let status = start;
  const path: LeadStatus[] = [status];
  const refusals: { from: LeadStatus; to: LeadStatus; error: unknown }[] = [];
  for (const to of requests) {
    try {
      assertMove(status, to);
      status = to;
      path.push(status);
    } catch (error) {
      refusals.push({ from: status, to, error });
    }
  }
  return { path, refusals, status };
}

const requests = fc.array(fc.constantFrom(...leadStatuses), { maxLength: 80 });

describe("lifecycle state machine", () => {
  it("implements every arrow of the product diagram, and nothing beyond it but the documented extensions", () => {
    const allowed = new Set([...diagram, ...extensions].map(key));
    expect(machineEdges.map(key).filter((edge) => !allowed.has(edge))).toEqual([]);
    const implemented = new Set(machineEdges.map(key));
    expect([...diagram, ...extensions].map(key).filter((edge) => !implemented.has(edge))).toEqual([]);
  });

  it("random move sequences only ever follow allowed edges and reach only states reachable in the diagram (property)", () => {
    const inDiagram = reachable("captured", diagram);
    fc.assert(
      fc.property(requests, (moves) => {
        const { path } = walk("captured", moves);
        for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1]!, path[i]!)).toBe(true);
        for (const status of path) expect(inDiagram.has(status)).toBe(true);
      }),
    );
  });

  it("refuses an illegal move with IllegalTransitionError naming the current status and the allowed moves, and the status stays (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...leadStatuses), requests, (start, moves) => {
        const { refusals } = walk(start, moves);
        for (const { from, to, error } of refusals) {
          expect(error).toBeInstanceOf(IllegalTransitionError);
          const e = error as IllegalTransitionError;
          expect(e.code).toBe("illegal_transition");
          expect(e.details).toEqual({ status: from, attempted: to, allowed: [...transitions[from]] });
          expect(transitions[from]).not.toContain(to);
        }
      }),
    );
  });

  it("won is terminal: once won, every later request is refused (property)", () => {
    fc.assert(
      fc.property(requests, requests, (before, after) => {
        const first = walk("captured", before);
        if (first.status !== "won") return;
        const second = walk("won", after);
        expect(second.path).toEqual(["won"]);
        expect(second.refusals).toHaveLength(after.length);
      }),
    );
    // And won is reachable, so the property above is not vacuous.
    expect(walk("captured", ["sales_ready", "handed_off", "accepted", "won"]).status).toBe("won");
  });

  it("nothing is won without an accepted hand-off, and nothing is accepted without a hand-off (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...leadStatuses), requests, (start, moves) => {
        const { path } = walk(start, moves);
        for (let i = 1; i < path.length; i++) {
          if (path[i] === "won") expect(path[i - 1]).toBe("accepted");
          if (path[i] === "accepted") expect(path[i - 1]).toBe("handed_off");
        }
      }),
    );
  });

  it("lost and qualified-out leads are kept: they move on only by a rebound or by coming back themselves (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom<LeadStatus>("lost", "qualified_out"), requests, (start, moves) => {
        const { path } = walk(start, moves);
        // Never straight to sales, never won or lost again without going through qualification.
        if (path.length > 1) expect(["rebounded", "nurturing", "sales_ready"]).toContain(path[1]);
      }),
    );
  });

  it("only won is terminal, and from every other status a win is still possible", () => {
    for (const status of leadStatuses) {
      if (status === "won") continue;
      expect(transitions[status].length, status).toBeGreaterThan(0);
      expect(reachable(status, machineEdges).has("won"), status).toBe(true);
    }
  });
});
