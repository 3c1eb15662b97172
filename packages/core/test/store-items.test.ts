import { describe, expect, it } from "vitest";
import type { LeadEvent } from "../src/events/envelope";
import type { Lead } from "../src/lead/lead";
import { changeItem, eventPosition, eventsOfItem, timelinePage } from "../src/store/change-items";
import { leadItems, readLead } from "../src/store/items";
import { salesOf, salesWrite, withoutSales } from "../src/store/lead-items";

const at = "2026-03-02T09:00:00.000Z";
const actor = { kind: "api_key" as const, id: "k1", name: "form" };
const event = (version: number, type: string, extra: Partial<LeadEvent> = {}): LeadEvent => ({
  eventId: `E${version}${type}`,
  type,
  schemaVersion: 1,
  leadId: "L1",
  version,
  at,
  actor,
  data: { n: version },
  ...extra,
});

describe("change items", () => {
  it("store a change's events once with their shared envelope and give them back unchanged", () => {
    const events = [event(1, "lead.captured"), event(1, "lead.qualified", { why: "policy v1" })];
    const item = changeItem(events);
    expect(item).toMatchObject({
      pk: "LEAD#L1",
      sk: "EVT#0000000001",
      entity: "change",
      version: 1,
      at,
      actor,
    });
    expect(JSON.stringify(item.events)).not.toContain("leadId");
    expect(eventsOfItem(item)).toEqual(events);
  });

  it("keep an event's own time or actor when it differs from the change's", () => {
    const events = [
      event(2, "a"),
      event(2, "b", { at: "2026-03-02T09:00:01.000Z", actor: { kind: "system", id: "s" } }),
    ];
    expect(eventsOfItem(changeItem(events))).toEqual(events);
  });

  it("refuse events of different versions in one change", () => {
    expect(() => changeItem([event(1, "a"), event(2, "b")])).toThrow(/share lead and version/);
  });

  it("page the timeline by event, across and within changes, with a position to continue", () => {
    const changes = [
      changeItem([event(1, "a"), event(1, "b")]),
      changeItem([event(2, "c")]),
      changeItem([event(3, "d"), event(3, "e")]),
    ];
    const first = timelinePage(changes, 3, undefined, false);
    expect(first.items.map((e) => e.type)).toEqual(["a", "b", "c"]);
    expect(first.lastPosition).toBe(eventPosition(2, 0));
    const second = timelinePage(changes.slice(1), 1, first.lastPosition, false);
    expect(second.items.map((e) => e.type)).toEqual(["d"]);
    expect(second.lastPosition).toBe(eventPosition(3, 0));
    const third = timelinePage(changes.slice(2), 5, second.lastPosition, false);
    expect(third).toEqual({ items: [expect.objectContaining({ type: "e" })] });
    // The query stopped early: a position even though every read event fit.
    expect(timelinePage(changes.slice(0, 1), 5, undefined, true).lastPosition).toBe(eventPosition(1, 1));
  });
});

const lead = (extra: Partial<Lead> = {}): Lead => ({
  id: "L1",
  email: "a@example.com",
  status: "nurturing",
  origin: { type: "form", at },
  lastSource: { type: "form", at },
  touchCount: 1,
  sourceKeys: ["form"],
  signals: {},
  custom: {},
  createdAt: at,
  updatedAt: at,
  version: 1,
  ...extra,
});

describe("lead items", () => {
  const closed = { kind: "lost" as const, reason: "timing" as const, at };

  it("split the sales fields off and put them back", () => {
    const full = lead({ closed, suggestedRepId: "rep-a" });
    expect(salesOf(full)).toEqual({ closed, suggestedRepId: "rep-a" });
    expect(withoutSales(full)).not.toHaveProperty("closed");
    const items = leadItems(full);
    expect(items.lead).not.toHaveProperty("closed");
    expect(items.sales).toMatchObject({ pk: "LEAD#L1", sk: "LEAD#SALES", closed, suggestedRepId: "rep-a" });
    expect(readLead(items.lead, items.sales)).toEqual(full);
    expect(leadItems(lead()).sales).toBeUndefined();
    expect(salesOf(lead())).toBeUndefined();
  });

  it("write the sales item only when its fields change", () => {
    const before = lead({ closed });
    expect(salesWrite(before, { ...before, touchCount: 2, version: 2 })).toBe("none");
    expect(salesWrite(before, { ...before, closed: { ...closed, reason: "other" } })).toBe("put");
    expect(salesWrite(undefined, lead())).toBe("none");
    expect(salesWrite(undefined, before)).toBe("put");
    const { closed: _c, ...cleared } = before;
    expect(salesWrite(before, cleared)).toBe("delete");
  });
});
