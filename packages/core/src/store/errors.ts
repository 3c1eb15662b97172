/** Why a lead write did not happen; the service decides what it means (retry, replay, 409…). */
export type WriteConflictReason = "lead_exists" | "version_changed" | "email_taken" | "idempotency_key_used";

export class WriteConflict extends Error {
  constructor(
    readonly reason: WriteConflictReason,
    /** The item that made the condition fail (ALL_OLD), when DynamoDB returned it. */
    readonly item?: Record<string, unknown>,
  ) {
    super(`write conflict: ${reason}`);
    this.name = "WriteConflict";
  }
}
