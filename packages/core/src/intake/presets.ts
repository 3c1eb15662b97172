import type { SourceType } from "../lead/vocabulary";
import { aliases, conventionalNames, type Target } from "./mapping";

/**
 * Column mappings for the exports webinar platforms produce, by normalized header name
 * (so "Purchasing Time Frame" and the API's `purchasing_time_frame` both match).
 *
 * Webinar lists are hand-raisers, not sales opportunities: a preset only describes the
 * person and their engagement; whether a lead is sales-ready stays the qualification
 * policy's call (decideCapture), never the import's.
 */
export interface Preset {
  id: string;
  description: string;
  sourceType: SourceType;
  columns: Record<string, Target>;
  /** Values every row gets unless a column says otherwise (a participants list means "attended"). */
  defaults?: { target: Target; value: unknown }[];
  /** Report sections to leave out (a Zoom report lists the host and panelists too: staff, not leads). */
  skipSections?: RegExp;
}

// Questions webinar registration forms share (Zoom adopted GoToWebinar's standard set).
const registrationQuestions: Record<string, Target> = {
  ...aliases("company", ["organization", "organisation", "org", "company", "companyname"]),
  ...aliases("title", ["jobtitle", "title"]),
  ...aliases("phone", ["phone", "phonenumber"]),
  ...aliases("signals.timeline", ["purchasingtimeframe"]),
  ...aliases("signals.authority", ["roleinpurchaseprocess"]),
  ...aliases("custom.industry", ["industry"]),
  ...aliases("custom.employees", ["noofemployees", "numberofemployees"]),
  ...aliases("custom.comments", ["questionscomments", "questionsandcomments", "comments"]),
  // Exports carry country names ("Germany"), not the ISO codes a lead's country holds.
  ...aliases("custom.country_region", ["countryregion", "countryregionname", "country"]),
};

const names: Record<string, Target> = {
  ...aliases("email", ["email", "emailaddress", "useremail"]),
  ...aliases("firstName", ["firstname"]),
  ...aliases("lastName", ["lastname"]),
};

export const presets: Record<string, Preset> = {
  "zoom-registrants": {
    id: "zoom-registrants",
    description:
      "Zoom webinar registration report or attendee report: registration questions (purchasing time frame, role in purchase process) and, in the attendee report, Attended and Time in Session.",
    sourceType: "webinar",
    columns: {
      ...names,
      ...registrationQuestions,
      ...aliases("name", ["usernameoriginalname", "nameoriginalname"]),
      ...aliases("engagement.attended", ["attended"]),
      ...aliases("engagement.minutes", ["timeinsessionminutes"]),
    },
    skipSections: /^(host|panelist)/i,
  },
  "zoom-participants": {
    id: "zoom-participants",
    description:
      "Zoom webinar or meeting participants list: one row per join; a rejoining person's minutes add up.",
    sourceType: "webinar",
    columns: {
      ...names,
      ...aliases("name", ["nameoriginalname", "usernameoriginalname", "name", "username"]),
      ...aliases("engagement.minutes", ["durationminutes", "timeinsessionminutes", "duration"]),
      ...aliases("engagement.attended", ["attended"]),
    },
    defaults: [{ target: "engagement.attended", value: true }],
    skipSections: /^(host|panelist)/i,
  },
  gotowebinar: {
    id: "gotowebinar",
    description:
      "GoTo Webinar attendee or registrant report: Attended, Interest Rating, Time in Session and the standard registration questions.",
    sourceType: "webinar",
    columns: {
      ...names,
      ...registrationQuestions,
      ...aliases("engagement.attended", ["attended"]),
      ...aliases("engagement.minutes", [
        "timeinsession",
        "insessionduration",
        "insessiondurationminutes",
        "timeinsessionminutes",
      ]),
      ...aliases("custom.interest_rating", ["interestrating"]),
    },
    skipSections: /^(organizer|panelist|staff)/i,
  },
  on24: {
    id: "on24",
    description:
      "ON24 attendee export: live and archive minutes add up; questions asked, poll answers and engagement score are kept.",
    sourceType: "webinar",
    columns: {
      ...names,
      ...aliases("company", ["company", "organization", "organisation"]),
      ...aliases("title", ["jobtitle", "title"]),
      ...aliases("engagement.minutes", [
        "liveminutes",
        "archiveminutes",
        "minutes",
        "viewingminutes",
        "duration",
        "durationminutes",
      ]),
      ...aliases("engagement.questions", ["questionsasked", "askedquestions", "numberofquestions"]),
      ...aliases("custom.poll_answers", ["pollanswers", "polls"]),
      ...aliases("custom.answered_polls", ["answeredpolls"]),
      ...aliases("custom.engagement_score", ["engagementscore"]),
      ...aliases("custom.country_region", ["country"]),
    },
  },
  generic: {
    id: "generic",
    description:
      "Conventional column names (email, first_name, last_name, company, job_title, phone, country, utm_source, …); other columns are ignored unless mapped.",
    sourceType: "import",
    columns: conventionalNames,
  },
};

export const presetIds = Object.keys(presets) as [string, ...string[]];
