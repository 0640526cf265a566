// The typed error hierarchy thrown by the runtime, with stripe-node's class
// names and fields, so `err.type === 'StripeCardError'`, `err.rawType`,
// `err.decline_code` and `err.raw` read as they do there. API errors carry what
// the server said; client-side errors (bad key, bad option, abort) have their
// own classes so callers never need to parse messages.

/** A Stripe object embedded in an error (`payment_intent`, `setup_intent`, ...); the runtime does not know its full type. */
export interface StripeErrorObject {
  id: string;
  object: string;
  [key: string]: unknown;
}

/**
 * What an error is built from: the API's `error` object (snake_case, as sent)
 * plus the HTTP details. Every field is optional so client-side errors use it too.
 * It becomes `err.raw` (without `cause`), as stripe-node's StripeRawError does.
 */
export interface StripeErrorInit {
  message?: string;
  /** The API's `error.type` (`card_error`, `temporary_session_expired`, ...): becomes `rawType`. */
  type?: string;
  code?: string;
  param?: string;
  doc_url?: string;
  decline_code?: string;
  advice_code?: string;
  network_advice_code?: string;
  network_decline_code?: string;
  charge?: string;
  payment_intent?: StripeErrorObject;
  payment_method?: StripeErrorObject;
  payment_method_type?: string;
  setup_intent?: StripeErrorObject;
  source?: StripeErrorObject;
  request_log_url?: string;
  user_message?: string;
  statusCode?: number;
  requestId?: string;
  /** Response headers, names lower-cased. */
  headers?: Record<string, string>;
  /** The response body when it was not a Stripe error object. */
  body?: string;
  /** Other fields of the wire error (v2 errors carry `reason`, `invalid_param`, ...). */
  [extra: string]: unknown;
  cause?: unknown;
}

export class StripeError extends Error {
  /** The class name (`'StripeCardError'`), as in stripe-node; the API's type is `rawType`. */
  declare readonly type: string;
  /** The API's `error.type` (`'card_error'`), or undefined for client-side errors. */
  declare readonly rawType: string | undefined;
  /** The API's `error` object plus `headers`, `statusCode` and `requestId` (never the key). */
  declare readonly raw: StripeErrorInit;
  /** Response headers, names lower-cased ({} for client-side errors). */
  declare readonly headers: Record<string, string>;
  /** stripe-node's camelCase twin of `user_message`. */
  declare readonly userMessage: string | undefined;
  declare readonly statusCode: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly code: string | undefined;
  declare readonly param: string | undefined;
  declare readonly doc_url: string | undefined;
  declare readonly decline_code: string | undefined;
  declare readonly advice_code: string | undefined;
  declare readonly network_advice_code: string | undefined;
  declare readonly network_decline_code: string | undefined;
  declare readonly charge: string | undefined;
  declare readonly payment_intent: StripeErrorObject | undefined;
  declare readonly payment_method: StripeErrorObject | undefined;
  declare readonly payment_method_type: string | undefined;
  declare readonly setup_intent: StripeErrorObject | undefined;
  declare readonly source: StripeErrorObject | undefined;
  declare readonly request_log_url: string | undefined;
  declare readonly user_message: string | undefined;

  constructor(init: StripeErrorInit = {}) {
    super(init.message ?? '', init.cause === undefined ? undefined : { cause: init.cause });
    const { cause: _cause, ...raw } = init;
    // Every field of the wire error becomes a property (decline_code, payment_intent, v2's reason, ...),
    // as stripe-node assigns them; then the ones whose meaning differs from the wire's.
    Object.assign(this, raw);
    this.type = this.name;
    this.rawType = init.type;
    this.raw = raw;
    this.headers = init.headers ?? {};
    this.userMessage = init.user_message;
  }
}

/** 402: the card was declined or could not be charged. */
export class StripeCardError extends StripeError {}
/** 400/404: the request had invalid parameters. */
export class StripeInvalidRequestError extends StripeError {}
/** 5xx and anything not otherwise classified. */
export class StripeAPIError extends StripeError {}
/** 401: the key was rejected. */
export class StripeAuthenticationError extends StripeError {}
/** 403: the key may not do this. */
export class StripePermissionError extends StripeError {}
/** 429 (or 400 with code `rate_limit`). */
export class StripeRateLimitError extends StripeError {}
/** An idempotency key was reused with different parameters. */
export class StripeIdempotencyError extends StripeError {}

/** The request never produced a complete HTTP response (refused, reset, DNS, TLS, truncated body, timeout). */
export class StripeConnectionError extends StripeError {
  /** True when the failure was the client's timeout firing. */
  readonly timedOut: boolean = false;
}
/** The per-request timeout fired before a full response arrived. */
export class StripeTimeoutError extends StripeConnectionError {
  // Named (and typed) StripeConnectionError, inherited: it is left out of nameClasses below, as
  // stripe-node reports timeouts; name-based classifiers (the meter-event core) keep treating them
  // as network failures. Use instanceof or timedOut to tell.
  override readonly timedOut: boolean = true;
}

/** The caller's AbortSignal fired; never retried, and deliberately not a connection error. */
export class StripeAbortError extends StripeError {}

/** A webhook payload failed verification. */
export class StripeSignatureVerificationError extends StripeError {
  readonly header: string | undefined;
  readonly payload: string | undefined;
  constructor(header: string | undefined, payload: string | undefined, init: StripeErrorInit = {}) {
    super(init);
    this.header = header;
    this.payload = payload;
  }
}

/** The runtime was used wrongly (bad option, missing path parameter, bad pagination limit); never sent. */
export class StripeUsageError extends StripeError {}
/** The API key given to the client (or per call) is empty or malformed. The key itself is never in the message. */
export class StripeInvalidApiKeyError extends StripeUsageError {}

/**
 * Sets `name` on each class's prototype. Written out rather than taken from
 * `new.target.name`, which is whatever a consumer's minifier renamed the class to.
 * `type` is read from `name`, so it survives minification too.
 */
export function nameClasses(classes: ReadonlyArray<readonly [{ prototype: Error }, string]>): void {
  for (const [cls, name] of classes) Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}

// `Stripe…Error`, by the part in between (bytes count: this ships in every bundle).
nameClasses(
  (
    [
      [StripeError, ''],
      [StripeCardError, 'Card'],
      [StripeInvalidRequestError, 'InvalidRequest'],
      [StripeAPIError, 'API'],
      [StripeAuthenticationError, 'Authentication'],
      [StripePermissionError, 'Permission'],
      [StripeRateLimitError, 'RateLimit'],
      [StripeIdempotencyError, 'Idempotency'],
      [StripeConnectionError, 'Connection'],
      [StripeAbortError, 'Abort'],
      [StripeSignatureVerificationError, 'SignatureVerification'],
      [StripeUsageError, 'Usage'],
      [StripeInvalidApiKeyError, 'InvalidApiKey'],
    ] as const
  ).map(([cls, part]) => [cls, `Stripe${part}Error`] as const),
);
