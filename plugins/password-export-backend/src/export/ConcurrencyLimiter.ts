/**
 * Runs at most a fixed number of tasks at once; further tasks wait in the
 * order they arrived.
 */
export class ConcurrencyLimiter {
  readonly #maxConcurrent: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(maxConcurrent: number) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
      throw new Error(
        `Concurrency limit is invalid: expected a positive integer, got ${maxConcurrent}`,
      );
    }
    this.#maxConcurrent = maxConcurrent;
  }

  /** Number of tasks that wait for a free slot. */
  get waitingCount(): number {
    return this.#waiting.length;
  }

  /** Runs the task once a slot is free and returns its result. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  async #acquire(): Promise<void> {
    if (this.#running < this.#maxConcurrent) {
      this.#running += 1;
      return;
    }
    // The slot passes directly from the releasing task to this one, so the
    // running count stays the same.
    await new Promise<void>(resolve => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) {
      next();
      return;
    }
    this.#running -= 1;
  }
}
