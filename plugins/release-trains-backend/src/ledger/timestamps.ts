/** A database timestamp (Date on PostgreSQL, number or string on SQLite) as ISO 8601. */
export function toIso(value: Date | string | number): string {
  return new Date(value).toISOString();
}
