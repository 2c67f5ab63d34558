import { isAccessStale } from './isAccessStale';

describe('isAccessStale', () => {
  const now = Date.parse('2026-12-11T12:00:00.000Z');
  const week = 7 * 24 * 60 * 60_000;

  it('accepts access confirmed within the maximum age', () => {
    expect(
      isAccessStale(
        { accessConfirmedAt: '2026-12-04T12:00:00.000Z' },
        week,
        now,
      ),
    ).toBe(false);
  });

  it('rejects access confirmed before the maximum age', () => {
    expect(
      isAccessStale(
        { accessConfirmedAt: '2026-12-04T11:59:59.999Z' },
        week,
        now,
      ),
    ).toBe(true);
  });
});
