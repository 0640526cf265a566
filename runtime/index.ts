// Public surface of the handwritten runtime that generated code imports.
// Cheap to import: undici is loaded only when the first request is sent.

export { StripeClient } from './client.js';
export { StripeResource } from './resource.js';
export type { AppInfo, ClientDefaults, RequestOptions, StripeConfig } from './config.js';
export type { LastResponse, Response } from './response.js';
export type { Expanded, ExpandedItem, ExpandPath, Expands, ListExpandable, Holds, NoExpand, WithExpand } from './expand-types.js';
export type {
  AutoPaginationMethods,
  AutoPagingEachHandler,
  ListObject,
  ListPromise,
  PageObject,
  SearchPromise,
  SearchResult,
  V2ListObject,
  V2ListPromise,
} from './pagination.js';
export type { BinaryResponse, BodyEncoder, Encoding, HostKind, MethodSpec, MethodSpecExtras, PageKind } from './spec.js';
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
  type StripeErrorInit,
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
export { mapErrorResponse, type ErrorResponse } from './error-mapping.js';
export { shouldRetry, retryDelayMs, parseRetryAfter, parseRetryAfterMs, type AttemptOutcome } from './retry.js';
export { Webhooks, parseSignatureHeader, type TestHeaderOptions, type WebhookEvent } from './webhooks.js';
export { PreEncodedJson } from './encoding/json.js';
export { multipartEncoding } from './encoding/index.js';
export type { MultipartFile } from './encoding/multipart.js';
export { redact, redactText, redactHeaders } from './redact.js';
export { escapePathParam } from './path.js';
export type { RequestEvent, ResponseEvent, RequestListener, ResponseListener } from './events.js';
export type { FetchFn, Transport, TransportRequest, TransportResponse } from './transport/types.js';
export { TransportFailure } from './transport/types.js';
