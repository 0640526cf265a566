// Pure mapping from an HTTP error response to a typed StripeError. Tested by a
// table; no I/O here. Unparseable bodies still classify by status.

import {
  StripeAPIError,
  StripeAuthenticationError,
  StripeCardError,
  StripeIdempotencyError,
  StripeInvalidRequestError,
  StripePermissionError,
  StripeRateLimitError,
  type StripeError,
  type StripeErrorInit,
} from './errors.js';
import { TemporarySessionExpiredError, V2_ERROR_CLASSES } from './errors-v2.js';
import { redactText } from './redact.js';

export interface ErrorResponse {
  readonly statusCode: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  /** v2 bodies are classified by `error.type` before the status. */
  readonly apiMode: 'v1' | 'v2';
}

type WireError = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function parseBody(text: string): WireError | undefined {
  try {
    const raw: unknown = JSON.parse(text);
    if (raw && typeof raw === 'object' && 'error' in raw) {
      const e = (raw as { error: unknown; error_description?: unknown }).error;
      if (e && typeof e === 'object' && !Array.isArray(e)) return e as WireError;
      // OAuth style: {error: "invalid_grant", error_description: "..."} (stripe-node reshapes it the same way)
      if (typeof e === 'string') return { type: e, message: (raw as { error_description?: unknown }).error_description };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function byStatus(statusCode: number, type: string | undefined, code: string | undefined): new (i: StripeErrorInit) => StripeError {
  if (type === 'idempotency_error') return StripeIdempotencyError;
  if (statusCode === 429 || (statusCode === 400 && code === 'rate_limit')) return StripeRateLimitError;
  if (statusCode === 400 || statusCode === 404) return StripeInvalidRequestError;
  if (statusCode === 401) return StripeAuthenticationError;
  if (statusCode === 402) return StripeCardError;
  if (statusCode === 403) return StripePermissionError;
  return StripeAPIError;
}

/** Chooses the error class and fills its fields from an error response. */
export function mapErrorResponse(res: ErrorResponse): StripeError {
  const error = parseBody(res.bodyText);
  const type = str(error?.type);
  const code = str(error?.code);
  const serverMessage = str(error?.message);
  // err.raw is the wire `error` object plus the HTTP details, as in stripe-node; a body that is not
  // a Stripe error keeps its text in `body`.
  const init: StripeErrorInit = {
    ...error,
    message: serverMessage
      ? redactText(serverMessage)
      : error
        ? `Stripe returned HTTP ${res.statusCode}`
        : `Stripe returned HTTP ${res.statusCode} with a body that is not a Stripe error object`,
    type,
    code,
    headers: { ...res.headers },
    statusCode: res.statusCode,
    requestId: res.headers['request-id'],
  };
  if (!error) init.body = res.bodyText;
  // Session expiry must be recognisable on any status (Stripe sends it as a 401) and in either mode.
  if (type === 'temporary_session_expired' || code === 'billing_meter_event_session_expired') {
    return new TemporarySessionExpiredError(init);
  }
  if (res.apiMode === 'v2') {
    const cls = type !== undefined && Object.hasOwn(V2_ERROR_CLASSES, type) ? V2_ERROR_CLASSES[type] : undefined;
    if (cls) return new cls(init);
    if (code === 'invalid_fields') return new StripeInvalidRequestError(init);
  }
  return new (byStatus(res.statusCode, type, code))(init);
}
