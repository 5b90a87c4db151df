export interface PublishedDocument {
  key: string;
  name: string;
  type: string;
}

/** The original of a published duty report (the live table is the published state). */
export async function findPublishedReportDocument(
  db: D1Database,
  reportId: string,
): Promise<PublishedDocument | null> {
  return db
    .prepare(
      `SELECT document_key AS key, document_name AS name, document_type AS type FROM duty_reports
       WHERE id = ?1 AND document_key IS NOT NULL AND document_name IS NOT NULL AND document_type IS NOT NULL`,
    )
    .bind(reportId)
    .first<PublishedDocument>();
}
