import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { isDuration } from "../kernel/duration";
import { ConflictError, VersionMismatchError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import * as z from "../kernel/zod";
import { type ReboundReason, reboundReasons } from "../lead/vocabulary";
import { keys } from "../store/keys";
import { classifyCancellation } from "../store/transact";

const durationSchema = z
  .string()
  .check(z.refine(isDuration, "an ISO-8601 duration such as P6M, P1Y, P2W, PT30S"));
/** One or more delays after the loss (one rebound cycle each), or "never". */
export const delaysSchema = z.union([
  z.literal("never"),
  z.array(durationSchema).check(z.minLength(1), z.maxLength(5)),
]);
export type Delays = z.infer<typeof delaysSchema>;

/** What an admin sends: the default delays and the per-reason exceptions. */
export const reboundPolicyInputSchema = z.strictObject({
  default: delaysSchema,
  reasons: z.optional(z.partialRecord(z.enum(reboundReasons), delaysSchema)),
});
export type ReboundPolicyInput = z.infer<typeof reboundPolicyInputSchema>;

export const reboundPolicySchema = z.object({
  version: z.number(),
  default: delaysSchema,
  reasons: z.partialRecord(z.enum(reboundReasons), delaysSchema),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
});
export type ReboundPolicy = z.infer<typeof reboundPolicySchema>;

/** In force until an admin stores a policy (version 0): the brief's agreed delays. */
export const defaultReboundPolicy: ReboundPolicy = {
  version: 0,
  default: ["P6M"],
  reasons: {
    no_budget: ["P6M", "P12M"],
    timing: ["P3M"],
    chose_competitor: ["P11M"],
    spam: "never",
    student_or_job_seeker: "never",
    duplicate: "never",
  },
};

/** The delays for a reason: its own entry, else the default; "never" is no delay at all. */
export function delaysFor(
  policy: Pick<ReboundPolicy, "default" | "reasons">,
  reason: ReboundReason,
): string[] {
  const delays = policy.reasons[reason] ?? policy.default;
  return delays === "never" ? [] : delays;
}

/**
 * The policy is versioned: every PUT writes an immutable `V#<n>` item and moves the
 * `CURRENT` pointer in one transaction conditioned on the pointer still naming the version
 * the writer read, so two admins editing at once cannot silently overwrite each other.
 */
export class ReboundPolicyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(): Promise<ReboundPolicy> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.policyCurrent("rebound"), ConsistentRead: true }),
    );
    if (!Item) return defaultReboundPolicy;
    const { pk: _pk, sk: _sk, entity: _e, ...policy } = Item;
    return policy as ReboundPolicy;
  }

  async replace(raw: unknown, by: string, at: string, ifMatch?: number): Promise<ReboundPolicy> {
    const input = parseWith(reboundPolicyInputSchema, raw, "The rebound policy is not valid.");
    const current = await this.current();
    if (ifMatch !== undefined && ifMatch !== current.version)
      throw new VersionMismatchError(ifMatch, current.version);
    const next: ReboundPolicy = {
      version: current.version + 1,
      default: input.default,
      reasons: input.reasons ?? {},
      updatedAt: at,
      updatedBy: by,
    };
    const T = this.tableName;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T,
                Item: { ...keys.policyVersion("rebound", next.version), entity: "rebound_policy", ...next },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: T,
                Item: { ...keys.policyCurrent("rebound"), entity: "rebound_policy_current", ...next },
                ConditionExpression: current.version === 0 ? "attribute_not_exists(pk)" : "#v = :v",
                ...(current.version === 0
                  ? {}
                  : {
                      ExpressionAttributeNames: { "#v": "version" },
                      ExpressionAttributeValues: { ":v": current.version },
                    }),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (
        classifyCancellation(error, ["version", "pointer"])?.failed.some(
          (f) => f.code === "ConditionalCheckFailed",
        )
      ) {
        throw new ConflictError(
          "The rebound policy changed while it was being replaced; read it again and retry.",
        );
      }
      throw error;
    }
    return next;
  }
}
