// `request` / `response` events for observability, with stripe-node's field
// names (`api_version`, `idempotency_key`, `request_id`, `elapsed`, ...).
// Payloads carry no credentials (the Authorization header is never included),
// and are only built when someone listens, so the hot path pays nothing otherwise.

export interface RequestEvent {
  method: string;
  /** Path with the query string, as sent (stripe-node's `path`). */
  path: string;
  api_version?: string;
  idempotency_key?: string;
  /** The Stripe-Account the request acts as. */
  account?: string;
  request_start_time: number;
  /** The request params, only with `emitEventBodies: true`. */
  body?: unknown;
  /** Extra to stripe-node: 0 on the first attempt, then 1, 2, ... (one event per attempt). */
  retryCount: number;
}

export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or undefined when the attempt failed without a response. */
  status: number | undefined;
  request_id: string | undefined;
  /** Milliseconds from sending to the full body (or failure). */
  elapsed: number;
  request_end_time: number;
  /** Why the attempt failed without a response (already redacted). Extra to stripe-node. */
  error?: string;
}

export type RequestListener = (event: RequestEvent) => void;
export type ResponseListener = (event: ResponseEvent) => void;

/** `listener`: the original of a `once` wrapper (as Node's EventEmitter keeps it), so `off(original)` finds it. */
type Listener = (RequestListener | ResponseListener) & { listener?: unknown };

export class EventHub {
  request: RequestListener[] = [];
  response: ResponseListener[] = [];

  on(name: 'request' | 'response', fn: Listener): void {
    (this[name] as Listener[]).push(fn);
  }

  off(name: 'request' | 'response', fn: Listener): void {
    const list = this[name] as Listener[];
    const i = list.findIndex((l) => l === fn || l.listener === fn);
    if (i >= 0) list.splice(i, 1);
  }

  emitRequest(e: RequestEvent): void {
    for (const fn of this.request.slice()) safeCall(fn, e);
  }

  emitResponse(e: ResponseEvent): void {
    for (const fn of this.response.slice()) safeCall(fn, e);
  }
}

/** A throwing listener must not break the request it observes. */
function safeCall<E>(fn: (e: E) => void, e: E): void {
  try {
    fn(e);
  } catch {
    // Listener errors are the listener's business.
  }
}
