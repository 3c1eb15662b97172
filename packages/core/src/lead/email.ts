/**
 * The key a lead is deduplicated on. Case and surrounding space never make two people
 * out of one; we deliberately do not strip dots or "+tags": in B2B mail they can be
 * different mailboxes, and merging two people is worse than keeping a duplicate.
 */
export function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}
