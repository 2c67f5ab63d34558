/** Maximum delay that `setTimeout` accepts, in milliseconds. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * One in-process timer that wakes the re-sync of this backend instance at
 * the earliest time asked for.
 *
 * @remarks
 *
 * The timer only shortens the wait. The database contains every scheduled
 * re-sync, and the scheduled pass finds it even when this instance stops.
 * It does not keep the process alive.
 */
export class ResyncTimer {
  readonly #onFire: () => void;
  #handle?: NodeJS.Timeout;
  #fireAt?: number;
  #cancelled = false;

  constructor(onFire: () => void) {
    this.#onFire = onFire;
  }

  /** Arms the timer for `at` unless it is already armed for an earlier time. */
  schedule(at: Date): void {
    if (this.#cancelled) {
      return;
    }
    const time = at.getTime();
    if (this.#fireAt !== undefined && this.#fireAt <= time) {
      return;
    }
    clearTimeout(this.#handle);
    this.#fireAt = time;
    this.#handle = setTimeout(() => {
      this.#handle = undefined;
      this.#fireAt = undefined;
      this.#onFire();
    }, Math.min(Math.max(0, time - Date.now()), MAX_TIMEOUT_MS));
    this.#handle.unref();
  }

  /** Returns the time the timer fires at, or undefined when it is not armed. */
  get scheduledAt(): Date | undefined {
    return this.#fireAt === undefined ? undefined : new Date(this.#fireAt);
  }

  /** Disarms the timer for good. */
  cancel(): void {
    this.#cancelled = true;
    clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#fireAt = undefined;
  }
}
