import { describe, expect, it } from "vitest";
import {
  captureFromForm,
  captureFromTypeform,
  planImport,
  rowsFromCsv,
  rowsFromJson,
  toMinutes,
} from "../src/intake";
import { ValidationError } from "../src/kernel/errors";

const csv = (...lines: string[]) => lines.join("\r\n");

describe("webinar presets", () => {
  it("Zoom registrants: purchasing time frame and role in purchase process feed timeline and authority", () => {
    const file = rowsFromCsv(
      csv(
        "Registration Report",
        "Topic,Webinar ID",
        "Launch,812 3456 7890",
        "",
        "First Name,Last Name,Email,Organization,Job Title,Purchasing Time Frame,Role in Purchase Process,Industry,Country/Region,Registration Time,Approval Status",
        "Ann,Lee,ann@corp.io,Corp,CTO,1-3 months,Decision Maker,Software,Germany,2026-03-01 10:00,approved",
        "Bob,Ray,bob@corp.io,Corp,Dev,No timeframe,Evaluator/Recommender,,,2026-03-01 10:05,approved",
        "Cy,Ng,cy@corp.io,,,Sometime maybe,Not involved,,,2026-03-01 10:06,approved",
      ),
      { preset: "zoom-registrants", source: { type: "webinar", id: "zoom-81234567890" } },
    );
    const plan = planImport(file.rows);
    expect(plan.groups.map((g) => g.input)).toEqual([
      {
        email: "ann@corp.io",
        firstName: "Ann",
        lastName: "Lee",
        company: "Corp",
        title: "CTO",
        source: { type: "webinar", id: "zoom-81234567890" },
        signals: { timeline: "within_3_months", authority: "decision_maker" },
        custom: { industry: "Software", country_region: "Germany" },
      },
      {
        email: "bob@corp.io",
        firstName: "Bob",
        lastName: "Ray",
        company: "Corp",
        title: "Dev",
        source: { type: "webinar", id: "zoom-81234567890" },
        signals: { timeline: "none", authority: "evaluator" },
      },
    ]);
    // An answer no vocabulary knows is reported against its column, not guessed.
    expect(plan.rejected.get(3)).toEqual([
      expect.objectContaining({
        path: ["signals", "timeline"],
        column: "Purchasing Time Frame",
        code: "invalid_value",
      }),
    ]);
    expect(file.columns!.ignored).toEqual(["Registration Time", "Approval Status"]);
    expect(file.rows.map((r) => r.line)).toEqual([6, 7, 8]);
  });

  it("Zoom participants: a person who rejoined is one capture with the minutes summed", () => {
    const file = rowsFromCsv(
      csv(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
        "Ann Lee,ann@corp.io,10:00,10:20,20,Yes",
        "Bob,bob@corp.io,10:00,10:45,45,Yes",
        "Ann Lee (Ann),ANN@corp.io,10:30,10:55,25,Yes",
      ),
      { preset: "zoom-participants" },
    );
    const plan = planImport(file.rows);
    expect(plan.groups).toHaveLength(2);
    expect(plan.groups[0]).toMatchObject({
      row: 1,
      rows: [1, 3],
      input: { name: "Ann Lee", engagement: { attended: true, minutes: 45 }, source: { type: "webinar" } },
    });
    expect(plan.mergedInto.get(3)).toBe(1);
  });

  it("ON24: live and archive minutes add up, questions count, polls and score are kept", () => {
    const file = rowsFromCsv(
      csv(
        "Email,First Name,Last Name,Company,Job Title,Live Minutes,Archive Minutes,Questions Asked,Poll Answers,Engagement Score",
        "a@x.io,A,B,X,CFO,30,12.5,2,Yes; Q3,7.5",
        "n@x.io,N,S,X,,0,0,0,,",
      ),
      { preset: "on24" },
    );
    const [a, n] = planImport(file.rows).groups;
    expect(a!.input).toMatchObject({
      company: "X",
      title: "CFO",
      engagement: { attended: true, minutes: 42.5, questions: 2 },
      custom: { poll_answers: "Yes; Q3", engagement_score: "7.5" },
    });
    expect(n!.input.engagement).toEqual({ attended: false, minutes: 0, questions: 0 });
  });

  it("GoToWebinar: Attended Yes/No and Time in Session in words", () => {
    const file = rowsFromCsv(
      csv(
        "Attendee Report:",
        "Attended,Interest Rating,First Name,Last Name,Email Address,Time in Session",
        "Yes,72,A,B,a@x.io,1 hour 5 minutes",
        "No,,N,S,n@x.io,--",
      ),
      { preset: "gotowebinar" },
    );
    const [a, n] = planImport(file.rows).groups;
    expect(a!.input).toMatchObject({
      engagement: { attended: true, minutes: 65 },
      custom: { interest_rating: "72" },
    });
    expect(n!.input.engagement).toEqual({ attended: false });
  });

  it("reads durations as exports write them", () => {
    expect(["45", "45 min", "1h 5m", "2 hours", "01:05:30", "1:05", "n/a"].map(toMinutes)).toEqual([
      45,
      45,
      65,
      120,
      65.5,
      65,
      "n/a",
    ]);
  });
});

describe("mapping", () => {
  it("an explicit mapping names columns a preset does not know, and refuses unknown lead fields", () => {
    const file = rowsFromCsv(csv("E-Mail-Adresse;Firma;Budget (EUR)", "a@x.io;X GmbH;50.000"), {
      mapping: { "E-Mail-Adresse": "email", Firma: "company", "Budget (EUR)": "custom.budget_eur" },
      delimiter: ";",
    });
    expect(planImport(file.rows).groups[0]!.input).toMatchObject({
      email: "a@x.io",
      company: "X GmbH",
      custom: { budget_eur: "50.000" },
      source: { type: "import" },
    });
    expect(() => rowsFromCsv("a", { mapping: { a: "emial" } })).toThrow(ValidationError);
  });

  it("without an email column there is nothing to import", () => {
    expect(() => rowsFromCsv(csv("Name,Company", "Ann,X"), {})).toThrow(/No header row with an email column/);
  });

  it("JSON rows are capture inputs, given the import's source unless they name their own", () => {
    const file = rowsFromJson(
      {
        rows: [{ email: "a@x.io" }, { email: "b@x.io", source: { type: "form" } }],
        source: { type: "webinar", id: "w1" },
      },
      {},
    );
    expect(file.rows.map((r) => (r.input as { source: unknown }).source)).toEqual([
      { type: "webinar", id: "w1" },
      { type: "form" },
    ]);
    expect(() => rowsFromJson({ rows: [], extra: 1 }, {})).toThrow(ValidationError);
  });
});

describe("planImport", () => {
  it("validates rows one by one and merges a person's rows: first values kept, engagement summed, a withdrawal wins", () => {
    const plan = planImport([
      {
        row: 1,
        input: {
          email: "A@x.io",
          company: "First",
          consent: { marketing: true },
          engagement: { minutes: 10 },
        },
      },
      { row: 2, input: { email: "not-an-email" } },
      {
        row: 3,
        input: {
          email: "a@x.io",
          company: "Second",
          title: "CTO",
          consent: { marketing: false },
          engagement: { minutes: 5, questions: 1 },
        },
      },
    ]);
    expect(plan.rejected.get(2)).toEqual([expect.objectContaining({ path: ["email"] })]);
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]!.input).toEqual({
      email: "A@x.io",
      company: "First",
      title: "CTO",
      consent: { marketing: false },
      engagement: { minutes: 15, questions: 1 },
    });
  });

  it("gives equal captures equal row keys whatever the field order or email case, and different ones different keys", () => {
    const key = (input: unknown) => planImport([{ row: 1, input }]).groups[0]!.key;
    expect(key({ email: "a@x.io", company: "X", source: { type: "webinar", id: "w" } })).toBe(
      key({ source: { id: "w", type: "webinar" }, company: "X", email: "A@X.io" }),
    );
    expect(key({ email: "a@x.io", source: { type: "webinar", id: "w" } })).not.toBe(
      key({ email: "a@x.io", source: { type: "webinar", id: "w2" } }),
    );
  });
});

describe("form adapters", () => {
  it("generic: conventional names feed the lead, the rest is custom, long text is clipped not refused", () => {
    const input = captureFromForm(
      {
        Email: "a@x.io",
        first_name: "Ann",
        "Company Name": "X",
        utm_source: "ads",
        newsletter: "on",
        message: "m".repeat(1_500),
        interests: ["crm", "erp"],
        submit: "Send",
      },
      { source: { type: "form", id: "contact" } },
    );
    expect(input).toMatchObject({
      email: "a@x.io",
      firstName: "Ann",
      company: "X",
      consent: { marketing: true },
      source: { type: "form", id: "contact", utm: { source: "ads" } },
      custom: { interests: "crm, erp" },
    });
    expect((input.custom as { message: string }).message).toHaveLength(1_000);
    expect(input.custom).not.toHaveProperty("submit");
  });

  it("Typeform: answers by ref, email by type when no ref names it, hidden fields, the response token as idempotency key", () => {
    const payload = {
      event_id: "01HX",
      event_type: "form_response",
      form_response: {
        form_id: "lT4Z3j",
        token: "a3a12ec67a1365927098a606107fac15",
        hidden: { utm_campaign: "spring" },
        answers: [
          { type: "text", text: "Ann", field: { id: "f1", type: "short_text", ref: "first_name" } },
          { type: "email", email: "ann@corp.io", field: { id: "f2", type: "email", ref: "0b1c-uuid" } },
          {
            type: "choice",
            choice: { label: "1-3 months" },
            field: { id: "f3", type: "multiple_choice", ref: "when" },
          },
          {
            type: "choices",
            choices: { labels: ["CRM", "ERP"] },
            field: { id: "f4", type: "multiple_choice", ref: "interests" },
          },
          { type: "number", number: 42, field: { id: "f5", type: "number", ref: "seats" } },
        ],
      },
    };
    const { input, idempotencyKey } = captureFromTypeform(payload, { mapping: { when: "signals.timeline" } });
    expect(input).toEqual({
      firstName: "Ann",
      email: "ann@corp.io",
      signals: { timeline: "within_3_months" },
      custom: { interests: "CRM, ERP", seats: 42 },
      source: { type: "form", id: "lT4Z3j", utm: { campaign: "spring" } },
    });
    expect(idempotencyKey).toBe("typeform:lT4Z3j:a3a12ec67a1365927098a606107fac15");
  });
});
