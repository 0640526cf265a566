// v2 API errors, one class per `error.type` Stripe documents for v2 (the same
// set stripe-node 23 ships). v2 bodies look like `{error:{type, code, message}}`
// and are classified by type first, whatever the HTTP status.

import { nameClasses, StripeError } from './errors.js';

/** The meter-event session token expired: fetch a new session and resend. Also for code `billing_meter_event_session_expired`. */
export class TemporarySessionExpiredError extends StripeError {}
export class AlreadyCanceledError extends StripeError {}
export class BlockedByStripeError extends StripeError {}
export class CannotProceedError extends StripeError {}
export class CapabilityNotEnabledError extends StripeError {}
export class ControlledByAlternateResourceError extends StripeError {}
export class FeatureNotEnabledError extends StripeError {}
export class FinancialAccountNotOpenError extends StripeError {}
export class FxQuoteNeedsRefreshError extends StripeError {}
export class InsufficientFundsError extends StripeError {}
export class InvalidPaymentMethodError extends StripeError {}
export class InvalidPayoutMethodError extends StripeError {}
export class InvalidVaultedCredentialError extends StripeError {}
export class NotCancelableError extends StripeError {}
export class QuotaExceededError extends StripeError {}
/** v2 `rate_limit` type; also a StripeError so generic handlers catch it. */
export class RateLimitError extends StripeError {}
export class RecipientNotNotifiableError extends StripeError {}
export class VerificationAttemptFailedError extends StripeError {}
export class VerificationExpiredError extends StripeError {}
export class VerificationNotInitiatedError extends StripeError {}

type ErrorClass = new (init: ConstructorParameters<typeof StripeError>[0]) => StripeError;

/** v2 `error.type` → class. Types not listed fall back to the status rules. */
export const V2_ERROR_CLASSES: Readonly<Record<string, ErrorClass>> = {
  temporary_session_expired: TemporarySessionExpiredError,
  already_canceled: AlreadyCanceledError,
  blocked_by_stripe: BlockedByStripeError,
  cannot_proceed: CannotProceedError,
  capability_not_enabled: CapabilityNotEnabledError,
  controlled_by_alternate_resource: ControlledByAlternateResourceError,
  feature_not_enabled: FeatureNotEnabledError,
  financial_account_not_open: FinancialAccountNotOpenError,
  fx_quote_needs_refresh: FxQuoteNeedsRefreshError,
  insufficient_funds: InsufficientFundsError,
  invalid_payment_method: InvalidPaymentMethodError,
  invalid_payout_method: InvalidPayoutMethodError,
  invalid_vaulted_credential: InvalidVaultedCredentialError,
  not_cancelable: NotCancelableError,
  quota_exceeded: QuotaExceededError,
  rate_limit: RateLimitError,
  recipient_not_notifiable: RecipientNotNotifiableError,
  verification_attempt_failed: VerificationAttemptFailedError,
  verification_expired: VerificationExpiredError,
  verification_not_initiated: VerificationNotInitiatedError,
};

// Each class is named after its type (`rate_limit` → RateLimitError), explicitly: see nameClasses.
nameClasses(Object.entries(V2_ERROR_CLASSES).map(([type, cls]) => [cls, `${type.replace(/(?:^|_)([a-z])/g, (_m, c: string) => c.toUpperCase())}Error`] as const));
