// OAuth (connect.stripe.com) error classes, as stripe-node names them. OAuth
// answers `{error: "invalid_grant", error_description}`; the mapping reshapes
// that into `{type, message}` (rawType `invalid_grant`) and oauth.ts picks the
// class here. Kept apart from errors.ts so a bundle without OAuth leaves them out.

import { nameClasses, StripeError } from './errors.js';

export class StripeOAuthError extends StripeError {}
export class StripeInvalidGrantError extends StripeOAuthError {}
export class StripeInvalidClientError extends StripeOAuthError {}
export class StripeOAuthInvalidRequestError extends StripeOAuthError {}
export class StripeInvalidScopeError extends StripeOAuthError {}
export class StripeUnsupportedGrantTypeError extends StripeOAuthError {}
export class StripeUnsupportedResponseTypeError extends StripeOAuthError {}

const OAUTH_CLASSES: Readonly<Record<string, typeof StripeOAuthError>> = {
  invalid_grant: StripeInvalidGrantError,
  invalid_client: StripeInvalidClientError,
  invalid_request: StripeOAuthInvalidRequestError,
  invalid_scope: StripeInvalidScopeError,
  unsupported_grant_type: StripeUnsupportedGrantTypeError,
  unsupported_response_type: StripeUnsupportedResponseTypeError,
};

const V1_TYPES = new Set(['api_error', 'card_error', 'idempotency_error', 'invalid_request_error', 'rate_limit_error', 'authentication_error']);

nameClasses([
  [StripeOAuthError, 'StripeOAuthError'],
  [StripeInvalidGrantError, 'StripeInvalidGrantError'],
  [StripeInvalidClientError, 'StripeInvalidClientError'],
  [StripeOAuthInvalidRequestError, 'StripeOAuthInvalidRequestError'],
  [StripeInvalidScopeError, 'StripeInvalidScopeError'],
  [StripeUnsupportedGrantTypeError, 'StripeUnsupportedGrantTypeError'],
  [StripeUnsupportedResponseTypeError, 'StripeUnsupportedResponseTypeError'],
]);

/** An error from an OAuth endpoint as its OAuth class (stripe-node's generateOAuthError); other errors pass through. */
export function toOAuthError(err: unknown): unknown {
  if (!(err instanceof StripeError) || err.statusCode === undefined) return err;
  // OAuth bodies carry a string `error`, which the mapping put in rawType; v1-style bodies keep their class.
  const t = err.rawType;
  if (t === undefined || V1_TYPES.has(t)) return err;
  const cls = Object.hasOwn(OAUTH_CLASSES, t) ? OAUTH_CLASSES[t] : StripeOAuthError;
  return new cls({ ...err.raw, cause: err.cause });
}
