/**
 * Limits of the rounds console, shared by its forms (schema.ts) and the lifecycle's rules for
 * rounds and candidates (functions/changes/rules.ts), so both refuse the same values.
 */

/**
 * A candidate's budget in yuan: livelihood projects run to several 亿元, so the bound is a sanity
 * check far above any real project (1 万亿元), not the vote counts' bound.
 */
export const MAX_BUDGET_YUAN = 1_000_000_000_000;

/** Choices per ballot: at most 4, so a ballot writes at most 6 rows (ballot, code, one counter per choice). */
export const MAX_CHOICES = 4;
