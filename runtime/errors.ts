// The typed error hierarchy thrown by the runtime, named after stripe-node's
// classes so code written against stripe-node reads the same. API errors carry
// what the server said; client-side errors (bad key, missing path param, abort)
// have their own classes so callers never need to parse messages.

/** What an error was built from; every field optional so client-side errors can use it too. */
export interface StripeErrorInit {
  message?: string;
  statusCode?: number;
  requestId?: string;
  code?: string;
  /** The API's `error.type` (e.g. `card_error`, `temporary_session_expired`). */
  type?: string;
  param?: string;
  docUrl?: string;
  declineCode?: string;
  /** The parsed response body when it was JSON, otherwise the raw text. */
  raw?: unknown;
  /** Response headers, names lower-cased. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class StripeError extends Error {
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly code: string | undefined;
  /** The API's `error.type`; unlike stripe-node (which puts the class name here), the class name is `name`. */
  readonly type: string | undefined;
  readonly param: string | undefined;
  readonly docUrl: string | undefined;
  readonly declineCode: string | undefined;
  readonly raw: unknown;
  readonly headers: Record<string, string>;

  constructor(init: StripeErrorInit = {}) {
    super(init.message ?? '', init.cause === undefined ? undefined : { cause: init.cause });
    this.statusCode = init.statusCode;
    this.requestId = init.requestId;
    this.code = init.code;
    this.type = init.type;
    this.param = init.param;
    this.docUrl = init.docUrl;
    this.declineCode = init.declineCode;
    this.raw = init.raw;
    this.headers = init.headers ?? {};
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
  // Named StripeConnectionError (inherited: it is left out of nameClasses below), as stripe-node
  // reports timeouts; name-based classifiers (the meter-event core) keep treating them as
  // network failures. Use instanceof or timedOut to tell.
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
