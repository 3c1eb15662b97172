/**
 * The taxonomies sales uses. They are the event catalogue's (events/reasons.ts): one list,
 * so a reason the API accepts is always one the published event schema accepts.
 */
export {
  type AppointmentResult,
  appointmentResults,
  type FollowUpChannel,
  followUpChannels,
  type LostReason,
  lostReasons,
  type QualifiedOutReason,
  qualifiedOutReasons,
  type SlaKind,
  slaKinds,
  winKinds as wonKinds,
} from "../events/reasons";
export type WonKind = typeof import("../events/reasons")["winKinds"][number];

export const slaActions = ["flag", "return_to_marketing"] as const;
export type SlaAction = (typeof slaActions)[number];
