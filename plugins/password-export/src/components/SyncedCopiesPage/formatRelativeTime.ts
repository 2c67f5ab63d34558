const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 60 * 60],
  ['month', 30 * 24 * 60 * 60],
  ['week', 7 * 24 * 60 * 60],
  ['day', 24 * 60 * 60],
  ['hour', 60 * 60],
  ['minute', 60],
];

/**
 * Formats a time relative to `now`, such as "3 hours ago" or "in 5
 * minutes", in the largest whole unit; less than a minute reads "now".
 * Months and years are approximated as 30 and 365 days. An invalid
 * timestamp is returned as it is.
 */
export function formatRelativeTime(
  iso: string,
  now: number = Date.now(),
  locale?: string,
): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) {
    return iso;
  }

  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = (time - now) / 1000;
  for (const [unit, unitSeconds] of UNITS) {
    if (Math.abs(seconds) >= unitSeconds) {
      return format.format(Math.round(seconds / unitSeconds), unit);
    }
  }
  return format.format(0, 'second');
}

/** Formats a time in full, in the user's locale, for a tooltip. */
export function formatExactTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
