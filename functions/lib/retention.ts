/** The fallback when CONTACT_RETENTION_DAYS is missing or not a whole number of days. */
export const DEFAULT_CONTACT_RETENTION_DAYS = 180;

/** Days a sender's name and contact are kept (wrangler.toml CONTACT_RETENTION_DAYS). */
export function contactRetentionDays(env: { CONTACT_RETENTION_DAYS?: string }): number {
  const days = Number(env.CONTACT_RETENTION_DAYS);
  return Number.isInteger(days) && days >= 1 && days <= 3650 ? days : DEFAULT_CONTACT_RETENTION_DAYS;
}
