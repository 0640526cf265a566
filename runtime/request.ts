// One logical call: send, retry per the policy (same headers, so the same
// Idempotency-Key, on every attempt), then parse the body or map the error.

import { mapErrorResponse } from './error-mapping.js';
import { StripeAbortError, StripeAPIError, StripeConnectionError, StripeTimeoutError, type StripeError } from './errors.js';
import type { EventHub, RequestEvent } from './events.js';
import { redactText } from './redact.js';
import { withLastResponse, type LastResponse, type Response } from './response.js';
import type { BinaryResponse } from './spec.js';
import { retryDelayMs, shouldRetry } from './retry.js';
import type { Telemetry } from './telemetry.js';
import { TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './transport/types.js';

/** Everything about one call, built once before the first attempt. */
export interface PreparedCall extends TransportRequest {
  /** The params, for `request` events under `emitEventBodies` (undefined otherwise). */
  readonly eventBody?: unknown;
  readonly apiMode: 'v1' | 'v2';
  readonly maxRetries: number;
  readonly idempotencyKey: string | undefined;
  readonly apiVersion: string | undefined;
  readonly stripeAccount: string | undefined;
  /** Resolve to the body's bytes (BinaryResponse) instead of parsed JSON. */
  readonly binary: boolean;
}

/** What the executor needs from the client. */
export interface CallContext {
  transport(): Transport | Promise<Transport>;
  readonly events: EventHub;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  /** Set when telemetry is on: successful attempts record their id and duration. */
  readonly telemetry?: Telemetry;
  /** `emitEventBodies`: parsed response bodies go on `response` events. */
  readonly emitBodies?: boolean;
}

/** Default backoff sleep; wakes early (and rejects) if the call is aborted. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(cause?: unknown): StripeAbortError {
  return new StripeAbortError({ message: 'The request was aborted by its AbortSignal', code: 'aborted', cause });
}

function connectionError(f: TransportFailure, call: PreparedCall, retries: number): StripeError {
  if (f.kind === 'aborted') return abortError(f);
  const retried = retries > 0 ? ` Request was retried ${retries} times.` : '';
  if (f.kind === 'timeout') {
    return new StripeTimeoutError({ message: `Request aborted due to timeout being reached (${call.timeoutMs}ms).${retried}`, code: 'timeout', cause: f });
  }
  return new StripeConnectionError({
    message: `An error occurred with our connection to Stripe: ${redactText(f.message)}.${retried}`,
    code: 'connection_error',
    cause: f,
  });
}

function asFailure(e: unknown): TransportFailure {
  return e instanceof TransportFailure ? e : new TransportFailure('connection', e instanceof Error ? e.message : String(e), { cause: e });
}

function lastResponseOf(res: TransportResponse, call: PreparedCall): LastResponse {
  return {
    headers: res.headers,
    requestId: res.headers['request-id'],
    statusCode: res.statusCode,
    apiVersion: res.headers['stripe-version'] ?? call.apiVersion,
    idempotencyKey: res.headers['idempotency-key'] ?? call.idempotencyKey,
    stripeAccount: res.headers['stripe-account'] ?? call.stripeAccount,
  };
}

function parseSuccess<T>(res: TransportResponse, call: PreparedCall): Response<T> {
  if (call.binary) {
    const binary: BinaryResponse = {
      data: res.bodyBytes ?? new TextEncoder().encode(res.bodyText),
      contentType: res.headers['content-type'] ?? 'application/octet-stream',
    };
    return withLastResponse(binary, lastResponseOf(res, call)) as unknown as Response<T>;
  }
  let body: unknown;
  try {
    // Some v2 endpoints (the meter-event stream) may answer with an empty body.
    body = res.bodyText.length === 0 ? {} : JSON.parse(res.bodyText);
  } catch (e) {
    throw new StripeAPIError({
      message: 'Invalid JSON received from the Stripe API',
      statusCode: res.statusCode,
      requestId: res.headers['request-id'],
      body: res.bodyText,
      headers: res.headers,
      cause: e,
    });
  }
  if (body === null || typeof body !== 'object') body = { value: body };
  return withLastResponse(body as T & object, lastResponseOf(res, call)) as Response<T>;
}

/** An event for one attempt, with what was sent. */
function attemptEvent(call: PreparedCall, retryCount: number, start: number, body = call.eventBody): RequestEvent {
  const e: Record<string, unknown> = {
    method: call.method,
    path: call.path,
    request_start_time: start,
    retryCount,
    api_version: call.apiVersion,
    idempotency_key: call.idempotencyKey,
    account: call.stripeAccount,
    body,
  };
  // Absent rather than undefined, as stripe-node's removeNullish leaves them.
  for (const k in e) if (e[k] === undefined) delete e[k];
  return e as unknown as RequestEvent;
}

export async function executeCall<T>(ctx: CallContext, call: PreparedCall): Promise<Response<T>> {
  return parseSuccess<T>(await executeRaw(ctx, call), call);
}

/** Sends `call`, retrying per its policy, and resolves to the 2xx response as received; anything else throws a mapped StripeError. */
export async function executeRaw(ctx: CallContext, call: PreparedCall): Promise<TransportResponse> {
  const transport = await ctx.transport();
  const events = ctx.events;
  for (let retries = 0; ; retries++) {
    if (call.signal?.aborted) throw abortError();
    const start = Date.now();
    if (events.request.length > 0) events.emitRequest(attemptEvent(call, retries, start));
    let res: TransportResponse | undefined;
    let failure: TransportFailure | undefined;
    try {
      res = await transport.request(call);
    } catch (e) {
      failure = asFailure(e);
    }
    if (events.response.length > 0) {
      const end = Date.now();
      let body: unknown;
      if (ctx.emitBodies && res) {
        try {
          body = JSON.parse(res.bodyText);
        } catch {
          body = res.bodyText;
        }
      }
      events.emitResponse({
        ...attemptEvent(call, retries, start, body),
        status: res?.statusCode,
        request_id: res?.headers['request-id'],
        elapsed: end - start,
        request_end_time: end,
        ...(failure ? { error: `${failure.kind}: ${redactText(failure.message)}` } : {}),
      });
    }
    if (res && res.statusCode >= 200 && res.statusCode < 300) {
      ctx.telemetry?.record(res.headers['request-id'], Date.now() - start);
      return res;
    }
    const retry = shouldRetry({
      retriesSoFar: retries,
      maxRetries: call.maxRetries,
      statusCode: res?.statusCode,
      shouldRetryHeader: res?.headers['stripe-should-retry'],
      failure: failure?.kind,
    });
    if (!retry) {
      if (failure) throw connectionError(failure, call, retries);
      throw mapErrorResponse({ statusCode: res!.statusCode, headers: res!.headers, bodyText: res!.bodyText, apiMode: call.apiMode });
    }
    await ctx.sleep(retryDelayMs(retries + 1, res?.headers['retry-after'], ctx.random(), Date.now()), call.signal);
  }
}
