/** Typed D1 reads of stored ballots (casting them is functions/rounds/actions.ts). */

export async function readBallotByReceipt(
  db: D1Database,
  receiptHash: string,
): Promise<{ round_year: number; cast_at: string } | null> {
  const { results } = await db
    .prepare(`SELECT round_year, cast_at FROM ballots WHERE receipt_hash = ?1`)
    .bind(receiptHash)
    .all<{ round_year: number; cast_at: string }>();
  return results[0] ?? null;
}
