/** A database timestamp (Date on PostgreSQL, number or string on SQLite) as ISO 8601. */
export function toIso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

/** Like toIso, passing absent values through. */
export function toOptionalIso(
  value: Date | string | number | null | undefined,
): string | undefined {
  return value === null || value === undefined ? undefined : toIso(value);
}
