// Every error class of the runtime in one module, for `Stripe.errors` (stripe-node's
// `Stripe.errors.StripeCardError`, usable with `instanceof` and as a type). Only classes:
// test/runtime/error-classes.test.ts fails when a StripeError subclass exported by the
// runtime is missing here.
export {
  StripeAbortError,
  StripeAPIError,
  StripeAuthenticationError,
  StripeCardError,
  StripeConnectionError,
  StripeError,
  StripeIdempotencyError,
  StripeInvalidApiKeyError,
  StripeInvalidRequestError,
  StripePermissionError,
  StripeRateLimitError,
  StripeSignatureVerificationError,
  StripeTimeoutError,
  StripeUsageError,
} from './errors.js';
export {
  AlreadyCanceledError,
  BlockedByStripeError,
  CannotProceedError,
  CapabilityNotEnabledError,
  ControlledByAlternateResourceError,
  FeatureNotEnabledError,
  FinancialAccountNotOpenError,
  FxQuoteNeedsRefreshError,
  InsufficientFundsError,
  InvalidPaymentMethodError,
  InvalidPayoutMethodError,
  InvalidVaultedCredentialError,
  NotCancelableError,
  QuotaExceededError,
  RateLimitError,
  RecipientNotNotifiableError,
  TemporarySessionExpiredError,
  VerificationAttemptFailedError,
  VerificationExpiredError,
  VerificationNotInitiatedError,
} from './errors-v2.js';
