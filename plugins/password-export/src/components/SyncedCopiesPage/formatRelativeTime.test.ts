import { formatRelativeTime } from './formatRelativeTime';

const now = Date.parse('2026-03-02T12:00:00.000Z');

describe('formatRelativeTime', () => {
  it.each([
    ['2026-03-02T11:59:30.000Z', 'now'],
    ['2026-03-02T11:58:00.000Z', '2 minutes ago'],
    ['2026-03-02T09:00:00.000Z', '3 hours ago'],
    ['2026-03-01T12:00:00.000Z', 'yesterday'],
    ['2026-02-16T12:00:00.000Z', '2 weeks ago'],
    ['2025-12-01T12:00:00.000Z', '3 months ago'],
    ['2024-03-02T12:00:00.000Z', '2 years ago'],
    ['2026-03-02T12:05:00.000Z', 'in 5 minutes'],
    ['2026-03-02T14:00:00.000Z', 'in 2 hours'],
  ])('formats %s as "%s"', (iso, expected) => {
    expect(formatRelativeTime(iso, now, 'en')).toBe(expected);
  });

  it('returns an invalid timestamp unchanged', () => {
    expect(formatRelativeTime('not a time', now, 'en')).toBe('not a time');
  });
});
