// The meter-event stream: the public object. It wires the parts (see core.ts
// for who owns which rule) and answers stats(); the work happens in intake.ts,
// backpressure.ts, pump.ts, delivery.ts, lifecycle.ts and outcomes.ts.

import { Backpressure } from './backpressure.js';
import type { StreamCore } from './core.js';
import { MeterEventStreamError } from './errors.js';
import { Intake } from './intake.js';
import { KeepAlive } from './keep-alive.js';
import { Lifecycle } from './lifecycle.js';
import { resolveOptions } from './options.js';
import { Outcomes } from './outcomes.js';
import { openSpool } from './spool/adapter.js';
import { Pump } from './pump.js';
import { Recovery } from './recovery.js';
import { EventQueue } from './queue.js';
import { SessionManager } from './session.js';
import { installShutdownHook } from './shutdown.js';
import { StatsRecorder } from './stats.js';
import type { MeterEventTransport } from './transport.js';
import type { CloseOptions, CloseResult, MeterEvent, MeterEventStreamOptions, MeterEventStreamStats } from './types.js';

export class MeterEventStream {
  private readonly c: StreamCore;
  private uninstallHook: (() => void) | null = null;

  constructor(transport: MeterEventTransport, options?: MeterEventStreamOptions) {
    const o = resolveOptions(options);
    const shutdown = new AbortController();
    const c = {
      o,
      queue: new EventQueue(),
      stats: new StatsRecorder(o.random),
      durability: null,
      recovery: null,
      shutdown,
      stop: new AbortController(),
      fatal: null,
      closed: false,
    } as Partial<StreamCore> as StreamCore;
    (c as { session: SessionManager }).session = new SessionManager(transport, o.clock, {
      refreshMarginMs: o.refreshMarginMs,
      requestTimeoutMs: o.requestTimeoutMs,
      signal: shutdown.signal,
      onBackgroundRefusal: (err) => c.outcomes.emitError(err),
    });
    c.outcomes = new Outcomes(c);
    // Opened before the parts that read it; a held lock or a bad option throws here, from stream().
    (c as { durability: StreamCore['durability'] }).durability = o.spool === undefined ? o.durability : openStreamSpool(o, c.outcomes);
    c.keepAlive = new KeepAlive(c);
    c.backpressure = new Backpressure(c);
    c.intake = new Intake(c);
    c.pump = new Pump(c, transport);
    c.lifecycle = new Lifecycle(c);
    this.c = c;
    if (c.durability !== null) this.recover();
    if (o.shutdownHook) this.uninstallHook = installShutdownHook(this, o.shutdownHook);
  }

  /**
   * Accepts an event. Resolves once it is queued (at once when there is room and the queue is
   * within highWaterMark; past it, once the queue is back at the mark; with a durable log, once it
   * is written). Every refusal is a rejection: MeterEventValidationError (naming the field),
   * StreamClosedError, QueueFullError (per onFull), or the stream's MeterEventFatalError.
   */
  send(event: MeterEvent): Promise<void> {
    return this.c.intake.send(event);
  }

  /** Never waits: false when the event was not accepted (closed, queue full, sending stopped). 'dropOldest' evicts and accepts. Throws MeterEventValidationError for an invalid event. */
  trySend(event: MeterEvent): boolean {
    return this.c.intake.trySend(event);
  }

  /** Validates all events first (none is queued if one is invalid; the error carries `.index`), then sends them in order; a cut-off error carries `.accepted`. */
  sendMany(events: readonly MeterEvent[]): Promise<void> {
    return this.c.intake.sendMany(events);
  }

  /** Sends partial batches now and resolves when everything queued before the call has settled. Rejects on a fatal error. */
  flush(): Promise<void> {
    return this.c.lifecycle.flush();
  }

  /**
   * Stops intake (blocked senders get StreamClosedError), delivers what it can until `timeoutMs`,
   * then hands back everything not delivered as `pending`. A second call returns the same result,
   * and brings the deadline forward when its `timeoutMs` ends sooner.
   */
  close(options: CloseOptions = {}): Promise<CloseResult> {
    const result = this.c.lifecycle.close(options);
    if (this.uninstallHook !== null) {
      const uninstall = this.uninstallHook;
      this.uninstallHook = null;
      void result.finally(uninstall).catch(() => {});
    }
    return result;
  }

  /** Queues the events a durable log recovered, ahead of anything sent meanwhile, within the queue's bounds (recovery.ts). */
  private recover(): void {
    const c = this.c;
    const fail = (err: unknown): void => c.outcomes.emitError(new MeterEventStreamError('durable log recovery failed', err));
    const begin = (events: Iterable<string>): Recovery => {
      const recovery = new Recovery(c, events, fail);
      c.recovery = recovery;
      recovery.refill();
      return recovery;
    };
    const end = (): void => {
      c.recovery = null;
      c.intake.recovering = null;
    };
    let recovered: PromiseLike<Iterable<string>> | Iterable<string>;
    try {
      recovered = c.durability!.recover();
    } catch (err) {
      return fail(err);
    }
    if (!isPromiseLike(recovered)) {
      const recovery = begin(recovered);
      // A backlog within the queue's bounds is queued by now; a bigger one makes new events wait.
      if (recovery.done) return end();
      c.intake.recovering = recovery.finished.finally(end);
      return;
    }
    c.intake.recovering = Promise.resolve(recovered)
      .then((events) => begin(events).finished, fail)
      .finally(end);
  }


  get isClosed(): boolean {
    return this.c.closed;
  }

  stats(): MeterEventStreamStats {
    const c = this.c;
    const s = c.stats;
    const q = c.queue;
    return {
      enqueued: s.enqueued,
      sent: s.sent,
      retried: s.retried,
      failed: { ...s.failed },
      dropped: { ...s.dropped },
      rejected: { ...s.rejected },
      sessionRefreshes: c.session.refreshes,
      sessionExpiredResends: s.sessionExpiredResends,
      bisections: s.bisections,
      callbackErrors: s.callbackErrors,
      responses: { ...s.responses },
      queueDepth: q.length,
      queueBytes: q.bytes,
      blockedSenders: c.backpressure.count,
      inFlightRequests: c.pump.inFlight.size,
      inFlightEvents: c.pump.inFlightEvents,
      oldestQueuedAgeMs: q.length === 0 ? 0 : c.o.clock.now() - q.oldestTime(),
      batches: s.batches(),
      latencyMs: s.latency.summary(),
      rateLimit: c.pump.limiter.enabled ? c.pump.limiter.rate : Infinity,
      closed: c.closed,
      fatal: c.fatal !== null,
      spool: c.durability?.usage?.() ?? null,
    };
  }
}

/** `options.spool`: a damaged region or a background failure goes to the spool's own callback, else to onError (else a process warning). */
function openStreamSpool(o: ReturnType<typeof resolveOptions>, outcomes: Outcomes) {
  const spool = o.spool!;
  const report = o.onError === undefined ? undefined : (err: Error) => outcomes.emitError(new MeterEventStreamError(err.message, err));
  return openSpool({ ...spool, onCorruption: spool.onCorruption ?? report, onError: spool.onError ?? report });
}

function isPromiseLike(x: unknown): x is PromiseLike<Iterable<string>> {
  return typeof (x as { then?: unknown } | null)?.then === 'function';
}
