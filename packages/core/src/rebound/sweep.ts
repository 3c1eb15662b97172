import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../events/envelope";
import type { LeadDeps } from "../lead/context";
import type { Lead } from "../lead/lead";
import { mutateLead } from "../lead/mutate";
import type { ReboundEntry } from "../lead/records";
import { keys, listingPartitions, segmentMemberKeys } from "../store/keys";
import { queryMerged } from "../store/merge";

export const REBOUND_SEGMENT = "rebound";
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
 * Segment member: a snapshot of what marketing automation needs, so a segment page is one
 * query and no lead reads. Written in the same transaction that resurfaces the lead.
 */
export function memberItem(lead: Lead, entry: ReboundEntry, enteredAt: string): Record<string, unknown> {
  return {
    ...keys.segmentMember(lead.id, entry.cycle),
    ...segmentMemberKeys(lead.id, entry.cycle, enteredAt),
    entity: "segment_member",
    segment: REBOUND_SEGMENT,
    enteredAt,
    cycle: entry.cycle,
    reason: entry.reason,
    from: entry.from,
    source: lead.origin.type,
    lead: {
      id: lead.id,
      email: lead.email,
      ...(lead.name ? { name: lead.name } : {}),
      ...(lead.company ? { company: lead.company } : {}),
    },
    ...(lead.closed ? { closed: lead.closed } : {}),
  };
}

/**
 * Resurfaces one due entry, exactly once: the lead change, the entry's deletion (conditioned
 * on the entry still existing), the segment member (conditioned on not existing) and the
 * events are one transaction. A sweep that lost a race sees the version or the entry
 * condition fail, reads the lead again, finds the cycle no longer pending and does nothing.
 *
 * Cycle semantics: the lead becomes `rebounded` from `lost`/`qualified_out`; a later cycle
 * of a lead still `rebounded` (untouched since) only adds a new segment membership and
 * event. Any other status means the lead moved on; the entry is dropped.
 */
export async function resurface(
  deps: SweepDeps,
  entry: ReboundEntry,
): Promise<"rebounded" | "dropped" | "done"> {
  let outcome: "rebounded" | "dropped" | "done" = "done";
  await mutateLead(deps, entry.leadId, { actor: sweepActor }, (lead, at) => {
    const pending = lead.rebound?.pending ?? [];
    if (!pending.some((p) => p.cycle === entry.cycle)) {
      outcome = "done";
      return null;
    }
    const rest = pending.filter((p) => p.cycle !== entry.cycle);
    const deleteEntry = {
      label: "rebound_entry_gone",
      action: {
        Delete: { Key: keys.reboundEntry(lead.id, entry.cycle), ConditionExpression: "attribute_exists(pk)" },
      },
    };
    const eligible =
      lead.consent?.marketing === true && ["lost", "qualified_out", "rebounded"].includes(lead.status);
    if (!eligible) {
      outcome = "dropped";
      return {
        lead: {
          ...lead,
          rebound: { ...lead.rebound!, pending: rest },
          updatedAt: at,
          version: lead.version + 1,
        },
        events: [
          {
            type: "lead.rebound_cancelled",
            data: {
              dueAt: entry.dueAt,
              cycle: entry.cycle,
              cause: lead.consent?.marketing === true ? "superseded" : "consent_withdrawn",
            },
          },
        ],
        extra: [deleteEntry],
      };
    }
    outcome = "rebounded";
    const next: Lead = {
      ...lead,
      status: "rebounded",
      rebound: { ...lead.rebound!, pending: rest, last: { cycle: entry.cycle, at } },
      updatedAt: at,
      version: lead.version + 1,
    };
    return {
      lead: next,
      events: [
        {
          type: "lead.rebounded",
          data: { cycle: entry.cycle, from: entry.from, reason: entry.reason, segment: REBOUND_SEGMENT },
        },
      ],
      extra: [
        deleteEntry,
        {
          label: "segment_member_exists",
          action: {
            Put: { Item: memberItem(next, entry, at), ConditionExpression: "attribute_not_exists(pk)" },
          },
        },
      ],
    };
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
