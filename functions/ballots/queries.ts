/** Typed D1 reads of stored ballots (casting them is functions/rounds/actions.ts). */

export async function readBallotByReceipt(
  db: D1Database,
  receiptHash: string,
): Promise<{ round_year: number; round_title: string; cast_at: string } | null> {
  const { results } = await db
    .prepare(
      `SELECT b.round_year, r.title AS round_title, b.cast_at
       FROM ballots b JOIN project_rounds r ON r.year = b.round_year WHERE b.receipt_hash = ?1`,
    )
    .bind(receiptHash)
    .all<{ round_year: number; round_title: string; cast_at: string }>();
  return results[0] ?? null;
}
