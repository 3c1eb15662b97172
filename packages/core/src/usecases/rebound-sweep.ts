import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../events/envelope";
import type { ReboundEntry } from "../lead/records";
import { decideResurface, type ResurfaceDecision } from "../rebound/resurface";
import { keys, listingPartitions } from "../store/keys";
import { queryMerged } from "../store/merge";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";

const sweepActor: Actor = { kind: "system", id: "rebound-sweep" } as Actor;

export interface SweepDeps extends LeadDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export interface SweepOptions {
  /** Stop taking new entries after this long; what is left goes to the next run. */
  budgetMs?: number;
  dryRun?: boolean;
  /** Entries processed at once. */
  concurrency?: number;
}

export interface SweepReport {
  rebounded: number;
  /** Entries dropped: the lead lost consent, was re-engaged, or the entry was already done. */
  dropped: number;
  /** True when the budget ran out with due entries left. */
  more: boolean;
  /** Dry run only: what would resurface. */
  due?: ReboundEntry[];
}

/**
 * Resurfaces one due entry, exactly once (see decideResurface): the lead change, the entry's
 * deletion, the segment member and the events are one transaction.
 */
export async function resurface(
  deps: SweepDeps,
  entry: ReboundEntry,
): Promise<"rebounded" | "dropped" | "done"> {
  let outcome: ResurfaceDecision["outcome"] = "done";
  await mutateLead(deps, entry.leadId, { actor: sweepActor }, (lead, at) => {
    const decided = decideResurface(lead, entry, at);
    outcome = decided.outcome;
    return decided.outcome === "done" ? null : decided.decision;
  });
  if (outcome === "done") {
    // An entry whose lead no longer lists it (cannot happen through our own writes, which
    // delete both together): remove it so it does not come back every run.
    await deps.client.send(
      new DeleteCommand({ TableName: deps.tableName, Key: keys.reboundEntry(entry.leadId, entry.cycle) }),
    );
  }
  return outcome;
}

/** Due entries (dueAt <= now) over every shard, oldest first. */
export async function dueEntries(
  deps: Pick<SweepDeps, "client" | "tableName">,
  now: Date,
  limit: number,
  after?: string,
): Promise<{ entries: ReboundEntry[]; lastSortKey?: string }> {
  const page = await queryMerged(deps.client, deps.tableName, {
    index: "gsi1",
    partitions: listingPartitions.reboundDue(),
    before: `${now.toISOString()}#\uffff`,
    ...(after ? { after } : {}),
    limit,
  });
  const entries = page.items.map(
    (item) =>
      ({
        leadId: String(item.leadId),
        cycle: Number(item.cycle),
        dueAt: String(item.dueAt),
        from: item.from,
        reason: item.reason,
      }) as ReboundEntry,
  );
  return page.lastSortKey ? { entries, lastSortKey: page.lastSortKey } : { entries };
}

/**
 * One sweep run: resurfaces every due entry until the time budget is spent. Safe to run
 * concurrently with itself and to crash anywhere: each entry is all-or-nothing.
 */
export async function sweepRebounds(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const started = Date.now();
  const budget = options.budgetMs ?? 60_000;
  const concurrency = options.concurrency ?? 8;
  const now = deps.clock.now();
  const report: SweepReport = {
    rebounded: 0,
    dropped: 0,
    more: false,
    ...(options.dryRun ? { due: [] } : {}),
  };
  let after: string | undefined;
  for (;;) {
    const page = await dueEntries(deps, now, 100, after);
    if (options.dryRun) {
      report.due!.push(...page.entries);
    } else {
      for (let i = 0; i < page.entries.length; i += concurrency) {
        if (Date.now() - started > budget) {
          report.more = true;
          return report;
        }
        const outcomes = await Promise.all(
          page.entries.slice(i, i + concurrency).map((entry) => resurface(deps, entry)),
        );
        for (const o of outcomes) if (o !== "done") report[o]++;
      }
    }
    if (!page.lastSortKey) return report;
    after = page.lastSortKey;
  }
}
