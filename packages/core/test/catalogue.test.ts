import { describe, expect, it } from "vitest";
import {
  type BuildLeadEventInput,
  buildLeadEvent,
  eventDefinitions,
  InvalidLeadEventError,
  leadEventTypes,
} from "../src/events/catalogue";
import { lostReasons, qualifiedOutReasons } from "../src/lead/vocabulary";

const base = {
  eventId: "01JNB4Z6W3F6J9Q2K7X8Y5T1RS",
  leadId: "01JNB4YV0D1M8B3C6E2F9G4H7K",
  version: 4,
  at: "2025-03-01T09:00:00.000Z",
  actor: { kind: "api_key" as const, id: "key_sales" },
};

describe("event catalogue", () => {
  it("has exactly the detail-types of issues 6 and 12 (and issue 14's overdue follow-up), each once", () => {
    // Prepare
    const expected = [
      "lead.captured",
      "lead.touched",
      "lead.updated",
      "lead.qualified",
      "lead.qualified_out",
      "lead.handed_off",
      "lead.accepted",
      "lead.rejected",
      "lead.reassigned",
      "lead.follow_up_logged",
      "lead.follow_up_overdue",
      "lead.appointment_scheduled",
      "lead.appointment_rescheduled",
      "lead.appointment_closed",
      "lead.sla_breached",
      "lead.won",
      "lead.recycled",
      "lead.lost",
      "lead.rebound_scheduled",
      "lead.rebound_cancelled",
      "lead.rebounded",
      "lead.returned",
      "lead.consent_changed",
      "lead.erased",
    ];
    // Act
    const types = [...leadEventTypes];
    // Assess
    expect(types.sort()).toEqual(expected.sort());
  });

  it.each(eventDefinitions.map((d) => [d.type, d] as const))(
    "%s: its documented example builds a valid event",
    (type, definition) => {
      // Act
      const event = buildLeadEvent({
        ...base,
        type,
        data: definition.example.data,
        ...(definition.example.actor ? { actor: definition.example.actor } : {}),
      } as BuildLeadEventInput<typeof type>);
      // Assess
      expect(event).toMatchObject({
        type,
        schemaVersion: definition.schemaVersion,
        leadId: base.leadId,
        version: 4,
      });
      expect(definition.description.length).toBeGreaterThan(20);
    },
  );

  it("keeps the loss and disqualification taxonomies of the product brief", () => {
    expect(lostReasons).toEqual([
      "no_budget",
      "chose_competitor",
      "delivery_model",
      "specialised_requirements",
      "no_decision",
      "timing",
      "not_interested",
      "other",
    ]);
    expect(qualifiedOutReasons).toEqual([
      "no_budget",
      "no_authority",
      "no_need",
      "not_a_fit",
      "student_or_job_seeker",
      "spam",
      "duplicate",
      "other",
    ]);
  });

  it("rejects a misspelt field instead of silently dropping it", () => {
    // Act
    const build = () =>
      buildLeadEvent({ ...base, type: "lead.lost", data: { reason: "timing", competiter: "Acme" } as never });
    // Assess
    expect(build).toThrowError(InvalidLeadEventError);
    expect(build).toThrowError(/data unrecognized_keys/);
  });

  it("rejects a reason outside the taxonomy and names the path", () => {
    // Act
    let error: unknown;
    try {
      buildLeadEvent({ ...base, type: "lead.qualified_out", data: { reason: "too_small" as never } });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(InvalidLeadEventError);
    expect((error as InvalidLeadEventError).issues[0]).toMatchObject({
      path: ["data", "reason"],
      code: "invalid_value",
    });
  });

  it("rejects an unknown type and a non-ISO time", () => {
    expect(() => buildLeadEvent({ ...base, type: "lead.vanished" as never, data: {} as never })).toThrowError(
      /unknown_type/,
    );
    expect(() =>
      buildLeadEvent({ ...base, at: "1 March 2025", type: "lead.accepted", data: { repId: "r" } }),
    ).toThrowError(/at invalid_format/);
  });

  it("leaves `why` out when not given, so the stored record has no undefined key", () => {
    const event = buildLeadEvent({ ...base, type: "lead.accepted", data: { repId: "rep-1" } });
    expect(Object.keys(event)).not.toContain("why");
  });

  it("bounds the largest payload the schemas allow far below EventBridge's entry limit", () => {
    // Prepare: lead.qualified at every maximum, in 3-byte UTF-8 characters
    const longest = (n: number) => "語".repeat(n);
    const event = buildLeadEvent({
      ...base,
      type: "lead.qualified",
      why: longest(2000),
      data: {
        verdict: {
          policyVersion: 2147483647,
          passed: false,
          reasons: Array.from({ length: 50 }, () => longest(500)),
          score: 1,
        },
      },
    });
    // Act
    const detailBytes = Buffer.byteLength(JSON.stringify(event), "utf8");
    // Assess: half of 256 KiB leaves room for envelope growth
    expect(detailBytes).toBeLessThan(128 * 1024);
  });
});
