// An in-memory MeterEventTransport for unit tests: records every batch (body,
// token, events) and lets a test script each answer.

import type { MeterEventSessionInfo, MeterEventTransport } from '../../runtime/meter-events/transport.js';
import { splitEvents } from './meter-mock-json.js';

export interface FakeCall {
  index: number;
  /** The body as text (it is sent as UTF-8 bytes). */
  body: string;
  token: string;
  events: string[];
  identifiers: string[];
  signal: AbortSignal;
}

/** A duck-typed error like the runtime's StripeError subclasses. */
export class FakeStripeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code?: string,
    readonly type?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`fake ${statusCode} ${code ?? ''}`);
    this.name = 'StripeAPIError';
  }
}

export class FakeConnectionError extends Error {
  override name = 'StripeConnectionError';
}

export const expiredError = (): FakeStripeError => new FakeStripeError(401, 'billing_meter_event_session_expired', 'temporary_session_expired');

export class FakeTransport implements MeterEventTransport {
  readonly calls: FakeCall[] = [];
  sessions = 0;
  lifetimeMs = 15 * 60_000;
  /** Server's idea of "now" for session dates; defaults to real time (skew is irrelevant to the stream). */
  serverNow: () => number = () => Date.now();
  onBatch: (call: FakeCall) => Promise<void> | void = () => {};
  onSession: (n: number) => Promise<void> | void = () => {};

  async createSession(): Promise<MeterEventSessionInfo> {
    const n = ++this.sessions;
    await this.onSession(n);
    const created = this.serverNow();
    return {
      authentication_token: `tok_${n}`,
      created: new Date(created).toISOString(),
      expires_at: new Date(created + this.lifetimeMs).toISOString(),
    };
  }

  async sendBatch(bytes: Uint8Array, token: string, signal: AbortSignal): Promise<void> {
    const body = new TextDecoder().decode(bytes);
    const events = splitEvents(body);
    const call: FakeCall = {
      index: this.calls.length,
      body,
      token,
      events,
      identifiers: events.map((e) => (JSON.parse(e) as { identifier: string }).identifier),
      signal,
    };
    this.calls.push(call);
    await this.onBatch(call);
  }

  /** Identifiers of every event in every call that resolved or not (all attempts). */
  allIdentifiers(): string[] {
    return this.calls.flatMap((c) => c.identifiers);
  }
}

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
