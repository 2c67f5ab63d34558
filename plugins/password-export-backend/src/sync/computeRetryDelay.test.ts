import { computeRetryDelay } from './computeRetryDelay';

const options = { initialDelayMs: 30_000, maxDelayMs: 3_600_000 };

describe('computeRetryDelay', () => {
  it('doubles the delay after each failure', () => {
    expect([1, 2, 3, 4].map(n => computeRetryDelay(n, options))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
  });

  it('caps the delay at the maximum', () => {
    expect(computeRetryDelay(8, options)).toBe(3_600_000);
    expect(computeRetryDelay(10_000, options)).toBe(3_600_000);
  });

  it('treats counts below one as the first failure', () => {
    expect(computeRetryDelay(0, options)).toBe(30_000);
  });
});
