// Time as the stream sees it. Everything time-dependent (linger, backoff,
// session lifetime, rate limiting) goes through this, so tests can inject a
// fake clock instead of sleeping.

export interface MeterEventClock {
  /** Monotonic milliseconds (performance.now): immune to wall-clock jumps and skew. */
  now(): number;
  /** Wall-clock epoch milliseconds, only for event timestamps and HTTP dates. */
  wallNow(): number;
  /** Schedules `fn`; the system clock unrefs the timer so an idle stream never holds the process open. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: MeterEventClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts (callers check the signal). */
export function sleep(clock: MeterEventClock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      resolve();
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
