// What happens to accepted events that will not be delivered: counted, handed
// to onUndelivered (dead letters), and, for anything but single events Stripe
// refused, reported to onError. Callbacks that throw are not swallowed: an
// onUndelivered exception goes to onError (its events may not have been kept),
// an onError exception becomes a process warning. Failures with no
// onUndelivered handler are also warned about once and summed up at exit.

import type { StreamCore } from './core.js';
import { MeterEventCallbackError, MeterEventDeliveryError, type MeterEventStreamError } from './errors.js';
import { StatsRecorder } from './stats.js';
import type { UndeliveredReason } from './types.js';
import { UndeliveredEvent } from './undelivered.js';

function warn(message: string): void {
  const p = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  if (p?.emitWarning) p.emitWarning(message, { code: 'STRIPE_METER_EVENTS' });
  else console.warn(message);
}

export class Outcomes {
  private warnedUnhandled = false;

  constructor(private readonly c: StreamCore) {}

  /** Events from acceptance position `firstSeq` on failed for good. */
  fail(events: string[], reason: UndeliveredReason, error: unknown, possiblyDelivered: boolean, firstSeq: number): void {
    const c = this.c;
    StatsRecorder.bump(c.stats.failed, reason, events.length);
    c.durability?.settle(firstSeq, events.length, 'failed');
    this.report(events, reason, error, possiblyDelivered);
    // Single events Stripe refused are dead letters only; whole-batch failures (request-level refusals included) are also errors.
    if (reason !== 'rejected') this.emitError(new MeterEventDeliveryError(reason, events.length, error, possiblyDelivered, c.session.secrets));
  }

  /** Events the onFull policy discarded (`firstSeq` < 0: never queued, so never appended). */
  drop(events: string[], reason: UndeliveredReason, firstSeq: number): void {
    const c = this.c;
    StatsRecorder.bump(c.stats.dropped, reason, events.length);
    if (firstSeq >= 0) c.durability?.settle(firstSeq, events.length, 'dropped');
    this.report(events, reason, undefined, false);
  }

  private report(events: string[], reason: UndeliveredReason, error: unknown, possiblyDelivered: boolean): void {
    const cb = this.c.o.onUndelivered;
    if (cb === undefined) {
      this.c.keepAlive.noteUnreported(reason, events.length);
      if (!this.warnedUnhandled) {
        this.warnedUnhandled = true;
        warn(
          `${events.length} meter event(s) undelivered (${reason}) and the stream has no onUndelivered handler; further ones are counted in stats() and summed up at exit`,
        );
      }
      return;
    }
    try {
      cb(events.map((json) => new UndeliveredEvent(json, reason, error, possiblyDelivered)));
    } catch (err) {
      this.c.stats.callbackErrors++;
      this.emitError(new MeterEventCallbackError('onUndelivered', err));
    }
  }

  emitError(err: MeterEventStreamError): void {
    const cb = this.c.o.onError;
    if (cb === undefined) return;
    try {
      cb(err);
    } catch (thrown) {
      this.c.stats.callbackErrors++;
      warn(`meter event stream: onError threw while handling "${err.message}": ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  }
}
