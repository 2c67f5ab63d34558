/**
 * Computes the wait before the next attempt of a failed re-sync: the initial
 * delay, doubled for each further failure, at most the maximum delay.
 *
 * @param attemptCount - Failed attempts so far, at least 1.
 */
export function computeRetryDelay(
  attemptCount: number,
  options: { initialDelayMs: number; maxDelayMs: number },
): number {
  // 2^30 times any configured delay is past every maximum, so larger
  // exponents are capped before they overflow.
  const exponent = Math.min(Math.max(attemptCount, 1) - 1, 30);
  return Math.min(options.initialDelayMs * 2 ** exponent, options.maxDelayMs);
}
