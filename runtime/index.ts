// Public surface of the handwritten runtime that generated code imports.
// Cheap to import: undici is loaded only when the first request is sent.

export { StripeClient } from './client.js';
export { StripeResource } from './resource.js';
export type { AppInfo, ClientDefaults, RawRequestOptions, RequestOptions, StripeConfig } from './config.js';
export type { LastResponse, Response } from './response.js';
export type { Expanded, ExpandedItem, ExpandPath, Expands, ListExpandable, Holds, NoExpand, WithExpand } from './expand-types.js';
export type {
  AutoPaginationMethods,
  AutoPagingDoneCallback,
  AutoPagingEachHandler,
  AutoPagingEachNextHandler,
  ListObject,
  ListPromise,
  PageObject,
  PaginationParams,
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
  type StripeErrorObject,
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
/** Every error class, as one object: `Stripe.errors.StripeCardError`. */
export { errors } from './error-classes.js';
export { mapErrorResponse, type ErrorResponse } from './error-mapping.js';
export { shouldRetry, retryDelayMs, parseRetryAfter, parseRetryAfterMs, type AttemptOutcome } from './retry.js';
export { Webhooks, parseSignatureHeader, signature, unwrapEnvelope, type TestHeaderOptions, type WebhookEvent, type WebhookSignature } from './webhooks.js';
export { createNodeCryptoProvider, createSubtleCryptoProvider, CryptoProviderOnlySupportsAsyncError, type CryptoProvider, type SubtleCryptoLike } from './crypto.js';
export {
  StripeOAuthError,
  StripeInvalidGrantError,
  StripeInvalidClientError,
  StripeOAuthInvalidRequestError,
  StripeInvalidScopeError,
  StripeUnsupportedGrantTypeError,
  StripeUnsupportedResponseTypeError,
} from './errors-oauth.js';
export { PreEncodedJson } from './encoding/json.js';
export { multipartEncoding } from './encoding/index.js';
export type { MultipartFile } from './encoding/multipart.js';
export { redact, redactText, redactHeaders } from './redact.js';
export { escapePathParam } from './path.js';
export type { RequestEvent, ResponseEvent, RequestListener, ResponseListener } from './events.js';
export type { FetchFn, Transport, TransportRequest, TransportResponse } from './transport/types.js';
export { TransportFailure } from './transport/types.js';
export { StripeBase } from './stripe-base.js';
export { OAuth, type OAuthAuthorizeUrlOptions, type OAuthAuthorizeUrlParams, type OAuthDeauthorization, type OAuthDeauthorizeParams, type OAuthToken, type OAuthTokenParams } from './oauth.js';
export type { EventNotification, EventNotificationRelatedObject } from './event-notifications.js';
export { NodeHttpTransport } from './transport/node-http.js';
export type { StripeNodeHttpClient, StripeNodeHttpClientResponse } from './transport/foreign.js';
