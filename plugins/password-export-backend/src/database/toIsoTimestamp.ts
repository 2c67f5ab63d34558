/**
 * Converts a timestamp column to ISO 8601.
 *
 * @remarks
 *
 * PostgreSQL returns timestamps as `Date` objects; SQLite returns the string
 * that was stored.
 */
export function toIsoTimestamp(value: Date | string | number): string {
  return new Date(value).toISOString();
}
