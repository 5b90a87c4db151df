/** Parses a JSON column produced by json_group_array / json_object (null means empty). */
export function jsonColumn(value: unknown): unknown {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? JSON.parse(value) : value;
}
