import { CloudStorageError } from './CloudStorageError';
import { withRetries } from './withRetries';

function throttled(retryAfterMs?: number) {
  return new CloudStorageError({
    kind: 'throttled',
    message: 'Slow down.',
    retryAfterMs,
  });
}

/** An operation that throws the given errors in turn, then returns 'done'. */
function failingThen(errors: Error[]) {
  const attempts: number[] = [];
  const operation = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors[attempt - 1];
    if (error) {
      throw error;
    }
    return 'done';
  };
  return { operation, attempts };
}

/** A fake clock: records each requested delay and returns at once. */
function fakeSleep() {
  const delays: number[] = [];
  const sleep = async (delayMs: number) => {
    delays.push(delayMs);
  };
  return { sleep, delays };
}

describe('withRetries', () => {
  it('returns the first successful result without waiting', async () => {
    const { operation, attempts } = failingThen([]);
    const { sleep, delays } = fakeSleep();

    await expect(withRetries(operation, { sleep })).resolves.toBe('done');
    expect(attempts).toEqual([1]);
    expect(delays).toEqual([]);
  });

  it('retries retryable errors with exponential full jitter', async () => {
    const { operation, attempts } = failingThen([
      throttled(),
      throttled(),
      throttled(),
    ]);
    const { sleep, delays } = fakeSleep();

    const result = await withRetries(operation, {
      sleep,
      random: () => 0.5,
      baseDelayMs: 100,
      maxAttempts: 4,
    });

    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3, 4]);
    // Ceilings 100, 200 and 400 ms, each scaled by the random value 0.5.
    expect(delays).toEqual([50, 100, 200]);
  });

  it('keeps each delay under the jitter ceiling', async () => {
    const { operation } = failingThen([throttled(), throttled(), throttled()]);
    const { sleep, delays } = fakeSleep();

    await withRetries(operation, {
      sleep,
      random: () => 0.999999,
      baseDelayMs: 1000,
      maxDelayMs: 1500,
      maxTotalDelayMs: 60_000,
    });

    expect(delays).toEqual([999, 1499, 1499]);
  });

  it('waits at least the retry-after delay', async () => {
    const { operation } = failingThen([throttled(5000)]);
    const { sleep, delays } = fakeSleep();

    await withRetries(operation, { sleep, random: () => 0.1 });

    expect(delays).toEqual([5000]);
  });

  it('throws the last error when attempts run out', async () => {
    const errors = [throttled(), throttled(), throttled()];
    const { operation, attempts } = failingThen(errors);
    const { sleep } = fakeSleep();

    await expect(
      withRetries(operation, { sleep, maxAttempts: 3 }),
    ).rejects.toBe(errors[2]);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('stops when the total wait budget would be exceeded', async () => {
    const errors = [throttled(4000), throttled(4000), throttled(4000)];
    const { operation, attempts } = failingThen(errors);
    const { sleep, delays } = fakeSleep();

    await expect(
      withRetries(operation, { sleep, maxTotalDelayMs: 10_000 }),
    ).rejects.toBe(errors[2]);
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([4000, 4000]);
  });

  it('does not retry a retry-after beyond the budget', async () => {
    const error = throttled(60_000);
    const { operation, attempts } = failingThen([error]);
    const { sleep, delays } = fakeSleep();

    await expect(withRetries(operation, { sleep })).rejects.toBe(error);
    expect(attempts).toEqual([1]);
    expect(delays).toEqual([]);
  });

  it.each([
    ['credentials-rejected' as const],
    ['access-denied' as const],
    ['storage-not-found' as const],
    ['invalid-input' as const],
    ['quota-exceeded' as const],
  ])('does not retry %s errors', async kind => {
    const error = new CloudStorageError({ kind, message: 'No.' });
    const { operation, attempts } = failingThen([error]);
    const { sleep } = fakeSleep();

    await expect(withRetries(operation, { sleep })).rejects.toBe(error);
    expect(attempts).toEqual([1]);
  });

  it.each([
    ['throttled' as const],
    ['unreachable' as const],
    ['timed-out' as const],
  ])('retries %s errors by default', async kind => {
    const error = new CloudStorageError({ kind, message: 'Again.' });
    const { operation, attempts } = failingThen([error]);
    const { sleep } = fakeSleep();

    await expect(withRetries(operation, { sleep })).resolves.toBe('done');
    expect(attempts).toEqual([1, 2]);
  });

  it('retries provider errors marked retryable', async () => {
    const error = new CloudStorageError({
      kind: 'provider-error',
      message: 'Internal error (HTTP 503).',
      retryable: true,
    });
    const { operation, attempts } = failingThen([error]);
    const { sleep } = fakeSleep();

    await expect(withRetries(operation, { sleep })).resolves.toBe('done');
    expect(attempts).toEqual([1, 2]);
  });

  it('does not retry errors of other types', async () => {
    const error = new TypeError('bug');
    const { operation, attempts } = failingThen([error]);
    const { sleep } = fakeSleep();

    await expect(withRetries(operation, { sleep })).rejects.toBe(error);
    expect(attempts).toEqual([1]);
  });

  it('waits in real time between attempts', async () => {
    const { operation, attempts } = failingThen([throttled(30)]);
    const startedAt = Date.now();

    await expect(
      withRetries(operation, { baseDelayMs: 1, random: () => 0 }),
    ).resolves.toBe('done');

    expect(attempts).toEqual([1, 2]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25);
  });

  it('interrupts a wait when the signal aborts', async () => {
    const { operation, attempts } = failingThen([throttled(20_000)]);
    const controller = new AbortController();
    const reason = new Error('request closed');
    setTimeout(() => controller.abort(reason), 20);
    const startedAt = Date.now();

    await expect(
      withRetries(operation, { signal: controller.signal }),
    ).rejects.toBe(reason);

    expect(attempts).toEqual([1]);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('makes no attempt once the signal has aborted', async () => {
    const { operation, attempts } = failingThen([]);
    const controller = new AbortController();
    controller.abort(new Error('gone'));

    await expect(
      withRetries(operation, { signal: controller.signal }),
    ).rejects.toThrow('gone');
    expect(attempts).toEqual([]);
  });
});
