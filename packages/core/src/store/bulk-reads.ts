import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { realSleep, type Sleep } from "../kernel";
import type { Lead } from "../lead/lead";
import type { BulkReads } from "../ports/bulk";
import type { StoredResponse } from "../ports/idempotency";
import { batchGet, batchGetLeads } from "./batch-get";
import { fromIdempotencyItem } from "./idempotency";
import { hasMarketingConsent } from "./items";
import { keys } from "./keys";

/**
 * Strongly consistent reads of many items at once (bulk capture reads what single capture
 * reads, 100 keys per request instead of one).
 */
export class BulkReader implements BulkReads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: Sleep = realSleep,
  ) {}

  private getMany(wanted: { pk: string; sk: string }[]) {
    return batchGet(this.client, this.tableName, wanted, { consistent: true, sleep: this.sleep });
  }

  /** Stored responses by key, skipping expired ones (TTL deletes lazily). */
  async idempotencyRecords(
    principalId: string,
    idempotencyKeys: string[],
    nowEpochSeconds: number,
  ): Promise<Map<string, StoredResponse>> {
    const items = await this.getMany(idempotencyKeys.map((key) => keys.idempotency(principalId, key)));
    const live = items.filter((item) => Number(item.expiresAt) > nowEpochSeconds).map(fromIdempotencyItem);
    return new Map(live.map((record) => [record.key, record]));
  }

  /** Lead id by normalized email, for the emails that have a lead. */
  async leadIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const items = await this.getMany(emails.map((email) => keys.email(email)));
    return new Map(items.map((item) => [String(item.pk).slice("EMAIL#".length), String(item.leadId)]));
  }

  /** The ids, of those given, whose lead holds marketing consent: lead items only, no sales items. */
  async withMarketingConsent(ids: string[]): Promise<Set<string>> {
    const items = await this.getMany(ids.map((id) => keys.lead(id)));
    return new Set(items.filter(hasMarketingConsent).map((item) => String(item.id)));
  }

  leads(ids: string[]): Promise<Map<string, Lead>> {
    return batchGetLeads(this.client, this.tableName, ids, { consistent: true, sleep: this.sleep });
  }
}
