import { toIsoTimestamp } from './toIsoTimestamp';

describe('toIsoTimestamp', () => {
  it('accepts the forms databases return', () => {
    const iso = '2026-12-04T10:00:00.000Z';

    expect(toIsoTimestamp(new Date(iso))).toBe(iso);
    expect(toIsoTimestamp(iso)).toBe(iso);
    expect(toIsoTimestamp(Date.parse(iso))).toBe(iso);
  });
});
