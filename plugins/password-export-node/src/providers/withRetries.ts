import { LoggerService } from '@backstage/backend-plugin-api';
import { setTimeout as delay } from 'node:timers/promises';
import { isCloudStorageError } from './CloudStorageError';

/**
 * Options of {@link withRetries}.
 *
 * @public
 */
export interface RetryOptions {
  /** Maximum number of attempts, the first one included. Default 4. */
  maxAttempts?: number;
  /** Upper bound of the first backoff delay, in milliseconds. Default 250. */
  baseDelayMs?: number;
  /** Upper bound of any single backoff delay, in milliseconds. Default 10,000. */
  maxDelayMs?: number;
  /**
   * Maximum time spent waiting between attempts, summed over all retries,
   * in milliseconds. A retry whose delay would exceed it is not made.
   * Default 30,000.
   */
  maxTotalDelayMs?: number;
  /** Signal that stops further attempts and interrupts a wait. */
  signal?: AbortSignal;
  /** Logger that records each retry with its attempt number and delay. */
  logger?: LoggerService;
  /** Random source in [0, 1) for the jitter. Defaults to `Math.random`. */
  random?: () => number;
  /** Waits for a delay. Tests replace it to control time. */
  sleep?: (delayMs: number, signal?: AbortSignal) => Promise<void>;
}

const defaults = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxTotalDelayMs: 30_000,
};

/**
 * Runs an operation and retries it when it throws a retryable
 * {@link CloudStorageError}, with exponential backoff and full jitter.
 *
 * @remarks
 *
 * Before retry `n` (1-based) the delay is a random value between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(n-1))`, but never less than the
 * error's `retryAfterMs`. Full jitter spreads the retries of many clients
 * that failed at the same moment. Errors that are not retryable, and errors
 * of other types, are thrown at once. When attempts or the total wait budget
 * run out, the last error is thrown.
 *
 * @param operation - Called with the attempt number, starting at 1.
 * @param options - Limits of the retries.
 * @public
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? defaults.maxAttempts;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepFor;
  let totalDelayMs = 0;

  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();

    try {
      return await operation(attempt);
    } catch (error) {
      if (!isCloudStorageError(error) || !error.retryable) {
        throw error;
      }
      if (attempt >= maxAttempts) {
        throw error;
      }

      const delayMs = computeDelay(
        attempt,
        error.retryAfterMs,
        random,
        options,
      );
      const maxTotalDelayMs =
        options.maxTotalDelayMs ?? defaults.maxTotalDelayMs;
      if (totalDelayMs + delayMs > maxTotalDelayMs) {
        throw error;
      }

      options.logger?.warn('Cloud storage operation failed, retrying', {
        attempt,
        delayMs,
        kind: error.kind,
        error: error.message,
      });
      totalDelayMs += delayMs;
      await sleep(delayMs, options.signal);
    }
  }
}

function computeDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
  options: RetryOptions,
): number {
  const baseDelayMs = options.baseDelayMs ?? defaults.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? defaults.maxDelayMs;
  const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const jitteredMs = Math.floor(random() * ceilingMs);

  return Math.max(jitteredMs, retryAfterMs ?? 0);
}

async function sleepFor(delayMs: number, signal?: AbortSignal) {
  try {
    await delay(delayMs, undefined, { signal });
  } catch (error) {
    // Node rejects with its own AbortError; callers expect the abort reason.
    if (signal?.aborted) {
      throw signal.reason;
    }
    throw error;
  }
}
