// While a stream holds events (queued, in flight, or waiting senders), one
// ref'd interval keeps the process alive, so a script that ends without
// close() still delivers them (or reaches their deadline, which reports them).
// An idle stream holds nothing: its own timers are unref'd. A stream that
// stopped on a fatal error holds nothing either: nothing more will happen.
//
// If the process exits anyway with events left (process.exit(), a fatal stop,
// a signal with no hook) or with failures nobody was told about (no
// onUndelivered handler), one 'exit' listener for all streams says so on
// stderr and sets a non-zero exit code: usage events are money, so that exit
// must not look like success.

import type { StreamCore } from './core.js';

/** Streams that may have something to say at exit; a stream leaves the set when it goes idle or closes. */
const watched = new Set<KeepAlive>();
let listening = false;

function onExit(): void {
  const lines: string[] = [];
  for (const k of watched) {
    const line = k.exitReport();
    if (line !== null) lines.push(`stripe meter events: ${line}\n`);
  }
  if (lines.length === 0) return;
  try {
    process.stderr.write(lines.join(''));
  } catch {
    // stderr closed: the exit code still tells
  }
  if (!process.exitCode) process.exitCode = 1;
}

const hasProcess = typeof process === 'object' && process !== null && typeof process.on === 'function';

export class KeepAlive {
  /** The interval is ref'd (the process is held). Read on the hot path. */
  held = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Events that failed while no onUndelivered handler was set, by reason: said at exit. */
  readonly unreported: Record<string, number> = {};
  private unreportedCount = 0;

  constructor(private readonly c: StreamCore) {}

  /** Events the stream still holds: queued, in flight, or waiting to enter the queue. */
  left(): number {
    const c = this.c;
    return c.queue.length + c.pump.inFlightEvents + c.backpressure.count;
  }

  /** Re-reads the stream's state: hold the process while events are on their way, watch it while anything is left to report. */
  update(): void {
    const c = this.c;
    const left = this.left();
    const hold = left > 0 && c.fatal === null;
    if (hold !== this.held) {
      this.held = hold;
      if (hold) (this.timer ??= setInterval(() => {}, 1 << 30)).ref();
      else this.timer?.unref();
    }
    this.watch(!c.lifecycle.closeDone && (left > 0 || this.unreportedCount > 0));
  }

  noteUnreported(reason: string, n: number): void {
    this.unreported[reason] = (this.unreported[reason] ?? 0) + n;
    this.unreportedCount += n;
    this.update();
  }

  /** close() finished: its result accounts for everything; stop holding and watching. */
  dispose(): void {
    this.held = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.watch(false);
  }

  /** What to say if the process exits now; null when nothing was lost. */
  exitReport(): string | null {
    const c = this.c;
    const parts: string[] = [];
    const left = this.left();
    if (left > 0) {
      const detail = `${c.queue.length} queued, ${c.pump.inFlightEvents} in flight, ${c.backpressure.count} waiting to be queued`;
      const why = c.fatal !== null ? ` after the stream stopped (${c.fatal.message})` : '';
      parts.push(`${left} event(s) not delivered at exit (${detail})${why}; call close() before exiting and keep its pending events`);
    }
    if (this.unreportedCount > 0) {
      const reasons = Object.entries(this.unreported)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ');
      parts.push(`${this.unreportedCount} event(s) failed with no onUndelivered handler (${reasons})`);
    }
    return parts.length === 0 ? null : parts.join('; ');
  }

  private watch(on: boolean): void {
    if (!hasProcess) return;
    if (!on) {
      watched.delete(this);
      return;
    }
    watched.add(this);
    if (!listening) {
      listening = true;
      process.on('exit', onExit);
    }
  }
}
