// OAuth (connect.stripe.com) error classes, as stripe-node names them. OAuth
// answers `{error: "invalid_grant", error_description}`; the mapping reshapes
// that into `{type, message}` (rawType `invalid_grant`) and oauth.ts picks the
// class here. Kept apart from errors.ts so a bundle without OAuth leaves them out.

import { StripeError } from './errors.js';

// Names are getters, not a nameClasses() call: a top-level call would keep this module in every
// bundle; classes without side effects are dropped where OAuth is not used.
export class StripeOAuthError extends StripeError {
  override get name(): string {
    return 'StripeOAuthError';
  }
}
export class StripeInvalidGrantError extends StripeOAuthError {
  override get name(): string {
    return 'StripeInvalidGrantError';
  }
}
export class StripeInvalidClientError extends StripeOAuthError {
  override get name(): string {
    return 'StripeInvalidClientError';
  }
}
export class StripeOAuthInvalidRequestError extends StripeOAuthError {
  override get name(): string {
    return 'StripeOAuthInvalidRequestError';
  }
}
export class StripeInvalidScopeError extends StripeOAuthError {
  override get name(): string {
    return 'StripeInvalidScopeError';
  }
}
export class StripeUnsupportedGrantTypeError extends StripeOAuthError {
  override get name(): string {
    return 'StripeUnsupportedGrantTypeError';
  }
}
export class StripeUnsupportedResponseTypeError extends StripeOAuthError {
  override get name(): string {
    return 'StripeUnsupportedResponseTypeError';
  }
}

const OAUTH_CLASSES = (): Readonly<Record<string, typeof StripeOAuthError>> => ({
  invalid_grant: StripeInvalidGrantError,
  invalid_client: StripeInvalidClientError,
  invalid_request: StripeOAuthInvalidRequestError,
  invalid_scope: StripeInvalidScopeError,
  unsupported_grant_type: StripeUnsupportedGrantTypeError,
  unsupported_response_type: StripeUnsupportedResponseTypeError,
});

const V1_TYPES = /* @__PURE__ */ new Set(['api_error', 'card_error', 'idempotency_error', 'invalid_request_error', 'rate_limit_error', 'authentication_error']);


/** An error from an OAuth endpoint as its OAuth class (stripe-node's generateOAuthError); other errors pass through. */
export function toOAuthError(err: unknown): unknown {
  if (!(err instanceof StripeError) || err.statusCode === undefined) return err;
  // OAuth bodies carry a string `error`, which the mapping put in rawType; v1-style bodies keep their class.
  const t = err.rawType;
  if (t === undefined || V1_TYPES.has(t)) return err;
  const classes = OAUTH_CLASSES();
  const cls = Object.hasOwn(classes, t) ? classes[t]! : StripeOAuthError;
  return new cls({ ...err.raw, cause: err.cause });
}
