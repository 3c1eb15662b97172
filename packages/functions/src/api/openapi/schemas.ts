import { leadEventSchema } from "@rebound/core/events";
import {
  appointmentInputSchema,
  closeAppointmentInputSchema,
  followUpInputSchema,
  handOffInputSchema,
  lostInputSchema,
  qualifyOutInputSchema,
  recycleInputSchema,
  rejectInputSchema,
  rescheduleInputSchema,
  wonInputSchema,
} from "@rebound/core/handoff";
import {
  appointmentSchema,
  captureInputSchema,
  closedSchema,
  consentSchema,
  contactPatchSchema,
  customSchema,
  engagementSchema,
  followUpSummarySchema,
  handoffRecordSchema,
  leadSchema,
  outcomeRecordSchema,
  reboundEntrySchema,
  reboundStateSchema,
  segmentMemberSchema,
  signalsSchema,
  sourceSchema,
  utmSchema,
  verdictSchema,
} from "@rebound/core/lead";
import { policyInputSchema, salesReadyPolicySchema } from "@rebound/core/qualification";
import { reboundPolicyInputSchema, reboundPolicySchema } from "@rebound/core/rebound";
import { named } from "./names";

/**
 * Component names of core's schemas (the domain does not know about OpenAPI). Route-local
 * schemas are named where the route defines them.
 */
const coreNames: [object, string][] = [
  [leadSchema, "Lead"],
  [leadEventSchema, "TimelineEvent"],
  [captureInputSchema, "CaptureInput"],
  [contactPatchSchema, "ContactPatch"],
  [sourceSchema, "Source"],
  [utmSchema, "Utm"],
  [signalsSchema, "Signals"],
  [engagementSchema, "Engagement"],
  [customSchema, "CustomFields"],
  [consentSchema, "Consent"],
  [closedSchema, "Closed"],
  [reboundStateSchema, "ReboundState"],
  [verdictSchema, "Verdict"],
  [handoffRecordSchema, "HandoffRecord"],
  [outcomeRecordSchema, "Outcome"],
  [appointmentSchema, "Appointment"],
  [followUpSummarySchema, "FollowUpSummary"],
  [segmentMemberSchema, "SegmentMember"],
  [reboundEntrySchema, "ReboundEntry"],
  [policyInputSchema, "SalesReadyPolicyInput"],
  [salesReadyPolicySchema, "SalesReadyPolicy"],
  [reboundPolicyInputSchema, "ReboundPolicyInput"],
  [reboundPolicySchema, "ReboundPolicy"],
  [handOffInputSchema, "HandOffInput"],
  [rejectInputSchema, "RejectInput"],
  [followUpInputSchema, "FollowUpInput"],
  [appointmentInputSchema, "AppointmentInput"],
  [rescheduleInputSchema, "RescheduleInput"],
  [closeAppointmentInputSchema, "CloseAppointmentInput"],
  [wonInputSchema, "WonInput"],
  [recycleInputSchema, "RecycleInput"],
  [lostInputSchema, "LostInput"],
  [qualifyOutInputSchema, "QualifyOutInput"],
];
for (const [schema, name] of coreNames) named(schema, name);
