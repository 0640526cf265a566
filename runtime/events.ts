// `request` / `response` events for observability. Payloads carry no
// credentials (the Authorization header is never included), and are only built
// when someone listens, so the hot path pays nothing otherwise.

export interface RequestEvent {
  method: string;
  /** Path without query string (queries can hold customer data). */
  path: string;
  apiVersion?: string;
  idempotencyKey?: string;
  stripeAccount?: string;
  /** 0 on the first attempt, then 1, 2, ... */
  retryCount: number;
  requestStartTime: number;
}

export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or undefined when the attempt failed without a response. */
  status: number | undefined;
  requestId: string | undefined;
  /** Milliseconds from sending to the full body (or failure). */
  elapsed: number;
  requestEndTime: number;
  /** Why the attempt failed without a response (already redacted). */
  error?: string;
}

export type RequestListener = (event: RequestEvent) => void;
export type ResponseListener = (event: ResponseEvent) => void;

export class EventHub {
  request: RequestListener[] = [];
  response: ResponseListener[] = [];

  on(name: 'request' | 'response', fn: RequestListener | ResponseListener): void {
    (this[name] as Array<typeof fn>).push(fn);
  }

  off(name: 'request' | 'response', fn: RequestListener | ResponseListener): void {
    const list = this[name] as Array<typeof fn>;
    const i = list.indexOf(fn);
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
