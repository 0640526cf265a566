// A deterministic clock for meter-event unit tests: timers fire only when the
// test advances time, and microtasks/IO callbacks are drained between timers.

import type { MeterEventClock } from '../../runtime/meter-events/clock.js';

/** Lets pending promise chains and setImmediate callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

export class FakeClock implements MeterEventClock {
  mono = 1_000;
  private readonly wallBase: number;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;

  constructor(wallStart: number = Date.UTC(2026, 0, 1)) {
    this.wallBase = wallStart - this.mono;
  }

  now = (): number => this.mono;
  wallNow = (): number => this.wallBase + this.mono;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.mono + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Advances time by `ms`, firing due timers in order and settling async work after each. */
  async advance(ms: number): Promise<void> {
    const end = this.mono + ms;
    await settle();
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= end && t.at < nextAt) {
          nextAt = t.at;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const t = this.timers.get(nextId) as { at: number; fn: () => void };
      this.timers.delete(nextId);
      this.mono = Math.max(this.mono, t.at);
      t.fn();
      await settle();
    }
    this.mono = end;
    await settle();
  }
}
