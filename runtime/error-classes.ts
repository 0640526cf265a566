// Every error class of the runtime in one object, for `Stripe.errors` (stripe-node's
// `Stripe.errors.StripeCardError`: a class for `instanceof`, and a type). A plain object literal
// plus a type-only namespace of the same name, not `export * as`: a bundler drops an unused object
// literal, while esbuild's namespace-object helper would keep every class in every bundle.
// test/runtime/error-classes.test.ts fails when a StripeError subclass the runtime exports is missing.
import * as v1 from './errors.js';
import * as oauth from './errors-oauth.js';
import * as v2 from './errors-v2.js';

export const errors = {
  StripeAbortError: v1.StripeAbortError,
  StripeAPIError: v1.StripeAPIError,
  StripeAuthenticationError: v1.StripeAuthenticationError,
  StripeCardError: v1.StripeCardError,
  StripeConnectionError: v1.StripeConnectionError,
  StripeError: v1.StripeError,
  StripeIdempotencyError: v1.StripeIdempotencyError,
  StripeInvalidApiKeyError: v1.StripeInvalidApiKeyError,
  StripeInvalidRequestError: v1.StripeInvalidRequestError,
  StripePermissionError: v1.StripePermissionError,
  StripeRateLimitError: v1.StripeRateLimitError,
  StripeSignatureVerificationError: v1.StripeSignatureVerificationError,
  StripeTimeoutError: v1.StripeTimeoutError,
  StripeUsageError: v1.StripeUsageError,
  StripeOAuthError: oauth.StripeOAuthError,
  StripeInvalidGrantError: oauth.StripeInvalidGrantError,
  StripeInvalidClientError: oauth.StripeInvalidClientError,
  StripeOAuthInvalidRequestError: oauth.StripeOAuthInvalidRequestError,
  StripeInvalidScopeError: oauth.StripeInvalidScopeError,
  StripeUnsupportedGrantTypeError: oauth.StripeUnsupportedGrantTypeError,
  StripeUnsupportedResponseTypeError: oauth.StripeUnsupportedResponseTypeError,
  AlreadyCanceledError: v2.AlreadyCanceledError,
  BlockedByStripeError: v2.BlockedByStripeError,
  CannotProceedError: v2.CannotProceedError,
  CapabilityNotEnabledError: v2.CapabilityNotEnabledError,
  ControlledByAlternateResourceError: v2.ControlledByAlternateResourceError,
  FeatureNotEnabledError: v2.FeatureNotEnabledError,
  FinancialAccountNotOpenError: v2.FinancialAccountNotOpenError,
  FxQuoteNeedsRefreshError: v2.FxQuoteNeedsRefreshError,
  InsufficientFundsError: v2.InsufficientFundsError,
  InvalidPaymentMethodError: v2.InvalidPaymentMethodError,
  InvalidPayoutMethodError: v2.InvalidPayoutMethodError,
  InvalidVaultedCredentialError: v2.InvalidVaultedCredentialError,
  NotCancelableError: v2.NotCancelableError,
  QuotaExceededError: v2.QuotaExceededError,
  RateLimitError: v2.RateLimitError,
  RecipientNotNotifiableError: v2.RecipientNotNotifiableError,
  TemporarySessionExpiredError: v2.TemporarySessionExpiredError,
  VerificationAttemptFailedError: v2.VerificationAttemptFailedError,
  VerificationExpiredError: v2.VerificationExpiredError,
  VerificationNotInitiatedError: v2.VerificationNotInitiatedError,
};

export declare namespace errors {
  type StripeAbortError = v1.StripeAbortError;
  type StripeAPIError = v1.StripeAPIError;
  type StripeAuthenticationError = v1.StripeAuthenticationError;
  type StripeCardError = v1.StripeCardError;
  type StripeConnectionError = v1.StripeConnectionError;
  type StripeError = v1.StripeError;
  type StripeIdempotencyError = v1.StripeIdempotencyError;
  type StripeInvalidApiKeyError = v1.StripeInvalidApiKeyError;
  type StripeInvalidRequestError = v1.StripeInvalidRequestError;
  type StripePermissionError = v1.StripePermissionError;
  type StripeRateLimitError = v1.StripeRateLimitError;
  type StripeSignatureVerificationError = v1.StripeSignatureVerificationError;
  type StripeTimeoutError = v1.StripeTimeoutError;
  type StripeUsageError = v1.StripeUsageError;
  type StripeOAuthError = oauth.StripeOAuthError;
  type StripeInvalidGrantError = oauth.StripeInvalidGrantError;
  type StripeInvalidClientError = oauth.StripeInvalidClientError;
  type StripeOAuthInvalidRequestError = oauth.StripeOAuthInvalidRequestError;
  type StripeInvalidScopeError = oauth.StripeInvalidScopeError;
  type StripeUnsupportedGrantTypeError = oauth.StripeUnsupportedGrantTypeError;
  type StripeUnsupportedResponseTypeError = oauth.StripeUnsupportedResponseTypeError;
  type AlreadyCanceledError = v2.AlreadyCanceledError;
  type BlockedByStripeError = v2.BlockedByStripeError;
  type CannotProceedError = v2.CannotProceedError;
  type CapabilityNotEnabledError = v2.CapabilityNotEnabledError;
  type ControlledByAlternateResourceError = v2.ControlledByAlternateResourceError;
  type FeatureNotEnabledError = v2.FeatureNotEnabledError;
  type FinancialAccountNotOpenError = v2.FinancialAccountNotOpenError;
  type FxQuoteNeedsRefreshError = v2.FxQuoteNeedsRefreshError;
  type InsufficientFundsError = v2.InsufficientFundsError;
  type InvalidPaymentMethodError = v2.InvalidPaymentMethodError;
  type InvalidPayoutMethodError = v2.InvalidPayoutMethodError;
  type InvalidVaultedCredentialError = v2.InvalidVaultedCredentialError;
  type NotCancelableError = v2.NotCancelableError;
  type QuotaExceededError = v2.QuotaExceededError;
  type RateLimitError = v2.RateLimitError;
  type RecipientNotNotifiableError = v2.RecipientNotNotifiableError;
  type TemporarySessionExpiredError = v2.TemporarySessionExpiredError;
  type VerificationAttemptFailedError = v2.VerificationAttemptFailedError;
  type VerificationExpiredError = v2.VerificationExpiredError;
  type VerificationNotInitiatedError = v2.VerificationNotInitiatedError;
}
