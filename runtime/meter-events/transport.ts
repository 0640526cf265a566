// The two calls the meter-event stream needs from the rest of the runtime.
// The stream depends only on this interface so it can be unit-tested with a
// fake and wired later to the generated client (stripe.v2.billing.*).

/** A v2 meter event session, as `POST /v2/billing/meter_event_session` returns it (ISO date-times). */
export interface MeterEventSessionInfo {
  authentication_token: string;
  created: string;
  expires_at: string;
}

export interface MeterEventTransport {
  /**
   * Creates a session (the generated `stripe.v2.billing.meterEventSession.create`), as a single
   * attempt bounded by `timeoutMs`: the stream does its own retries. The answer is checked by the stream.
   */
  createSession(signal?: AbortSignal, timeoutMs?: number): Promise<MeterEventSessionInfo>;
  /**
   * POSTs `body` (JSON, UTF-8) to /v2/billing/meter_event_stream with `Authorization: Bearer <token>`.
   * The body's buffer is reused after a 2xx: copy it to keep it past the returned promise.
   * Resolves on 2xx, throws (a StripeError subclass in production) otherwise.
   */
  sendBatch(body: Uint8Array, token: string, signal: AbortSignal): Promise<void>;
}
