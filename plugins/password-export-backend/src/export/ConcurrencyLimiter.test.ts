import { ConcurrencyLimiter } from './ConcurrencyLimiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('runs no more tasks than the limit', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    let running = 0;
    let maxRunning = 0;
    const started: number[] = [];

    const results = gates.map((gate, index) =>
      limiter.run(async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        started.push(index);
        await gate.promise;
        running -= 1;
        return index;
      }),
    );
    await Promise.resolve();

    expect(started).toEqual([0, 1]);
    expect(limiter.waitingCount).toBe(2);

    gates[1].resolve();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);

    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
    expect(maxRunning).toBe(2);
    expect(limiter.waitingCount).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter(1);

    await expect(
      limiter.run(async () => {
        throw new Error('derivation failed');
      }),
    ).rejects.toThrow('derivation failed');

    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it.each([0, -1, 1.5, NaN])('rejects the limit %p', limit => {
    expect(() => new ConcurrencyLimiter(limit)).toThrow(
      `Concurrency limit is invalid: expected a positive integer, got ${limit}`,
    );
  });
});
