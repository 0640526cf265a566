// Error mapping is a pure function of status, headers and body: tested by table.

import { describe, expect, it } from 'vitest';
import { mapErrorResponse } from '../../runtime/error-mapping.js';
import * as E from '../../runtime/index.js';

type Cls = abstract new (...args: never[]) => E.StripeError;
const body = (error: Record<string, unknown>): string => JSON.stringify({ error });

describe('mapErrorResponse', () => {
  const table: Array<[string, number, string, 'v1' | 'v2', Cls]> = [
    ['400 invalid request', 400, body({ type: 'invalid_request_error', message: 'bad' }), 'v1', E.StripeInvalidRequestError],
    ['404 not found', 404, body({ type: 'invalid_request_error', code: 'resource_missing' }), 'v1', E.StripeInvalidRequestError],
    ['400 idempotency', 400, body({ type: 'idempotency_error' }), 'v1', E.StripeIdempotencyError],
    ['409 idempotency', 409, body({ type: 'idempotency_error' }), 'v1', E.StripeIdempotencyError],
    ['400 rate_limit code', 400, body({ type: 'invalid_request_error', code: 'rate_limit' }), 'v1', E.StripeRateLimitError],
    ['429', 429, body({ type: 'invalid_request_error', code: 'rate_limit' }), 'v1', E.StripeRateLimitError],
    ['401', 401, body({ type: 'invalid_request_error' }), 'v1', E.StripeAuthenticationError],
    ['402 card', 402, body({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' }), 'v1', E.StripeCardError],
    ['403', 403, body({ type: 'invalid_request_error' }), 'v1', E.StripePermissionError],
    ['500', 500, body({ type: 'api_error' }), 'v1', E.StripeAPIError],
    ['409 plain conflict', 409, body({ type: 'invalid_request_error', code: 'lock_timeout' }), 'v1', E.StripeAPIError],
    ['non-JSON 502', 502, '<html>Bad gateway</html>', 'v1', E.StripeAPIError],
    ['non-JSON 401', 401, 'Unauthorized', 'v1', E.StripeAuthenticationError],
    ['truncated JSON 400', 400, '{"error":{"type":"invalid_req', 'v1', E.StripeInvalidRequestError],
    ['empty body 429', 429, '', 'v1', E.StripeRateLimitError],
    ['JSON without error 404', 404, '{"ok":false}', 'v1', E.StripeInvalidRequestError],
    ['OAuth string error 400', 400, '{"error":"invalid_grant","error_description":"expired"}', 'v1', E.StripeInvalidRequestError],
    ['v2 temporary_session_expired on 401', 401, body({ type: 'temporary_session_expired', code: 'billing_meter_event_session_expired' }), 'v2', E.TemporarySessionExpiredError],
    ['v2 session-expired code alone', 401, body({ type: 'invalid_request_error', code: 'billing_meter_event_session_expired' }), 'v2', E.TemporarySessionExpiredError],
    ['v1-mode body with session expired type', 401, body({ type: 'temporary_session_expired' }), 'v1', E.TemporarySessionExpiredError],
    ['v2 idempotency_error', 409, body({ type: 'idempotency_error' }), 'v2', E.StripeIdempotencyError],
    ['v2 rate_limit type', 429, body({ type: 'rate_limit' }), 'v2', E.RateLimitError],
    ['v2 quota_exceeded', 400, body({ type: 'quota_exceeded' }), 'v2', E.QuotaExceededError],
    ['v2 insufficient_funds', 400, body({ type: 'insufficient_funds' }), 'v2', E.InsufficientFundsError],
    ['v2 invalid_fields code', 400, body({ type: 'invalid_request_error', code: 'invalid_fields' }), 'v2', E.StripeInvalidRequestError],
    ['v2 unknown type falls back to status', 403, body({ type: 'something_new' }), 'v2', E.StripePermissionError],
    ['v2 type named like an Object prototype key', 500, body({ type: 'constructor' }), 'v2', E.StripeAPIError],
  ];
  it.each(table)('%s', (_n, statusCode, bodyText, apiMode, cls) => {
    const err = mapErrorResponse({ statusCode, headers: { 'request-id': 'req_1' }, bodyText, apiMode });
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(E.StripeError);
    expect(err.constructor).toBe(cls);
    expect(err.statusCode).toBe(statusCode);
    expect(err.requestId).toBe('req_1');
  });

  it('copies every field of a v1 card error', () => {
    const raw = { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', param: 'card', message: 'Your card was declined.', doc_url: 'https://stripe.com/docs/error-codes/card-declined' } };
    const err = mapErrorResponse({
      statusCode: 402,
      headers: { 'request-id': 'req_9', 'stripe-should-retry': 'false' },
      bodyText: JSON.stringify(raw),
      apiMode: 'v1',
    });
    expect({
      name: err.name,
      message: err.message,
      statusCode: err.statusCode,
      requestId: err.requestId,
      code: err.code,
      type: err.type,
      rawType: err.rawType,
      param: err.param,
      doc_url: err.doc_url,
      decline_code: err.decline_code,
      raw: err.raw,
      headers: err.headers,
    }).toEqual({
      name: 'StripeCardError',
      message: 'Your card was declined.',
      statusCode: 402,
      requestId: 'req_9',
      code: 'card_declined',
      type: 'StripeCardError',
      rawType: 'card_error',
      param: 'card',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      decline_code: 'generic_decline',
      // stripe-node's shape: the wire `error` plus the HTTP details, not the whole body.
      raw: { ...raw.error, headers: { 'request-id': 'req_9', 'stripe-should-retry': 'false' }, statusCode: 402, requestId: 'req_9' },
      headers: { 'request-id': 'req_9', 'stripe-should-retry': 'false' },
    });
  });

  it('keeps the raw text of a non-JSON body and explains it', () => {
    const err = mapErrorResponse({ statusCode: 503, headers: { 'retry-after': '2' }, bodyText: 'upstream down', apiMode: 'v1' });
    expect(err.raw.body).toBe('upstream down');
    expect(err.message).toBe('Stripe returned HTTP 503 with a body that is not a Stripe error object');
    expect(err.headers['retry-after']).toBe('2');
  });

  it('redacts keys echoed in server messages', () => {
    const err = mapErrorResponse({ statusCode: 401, headers: {}, bodyText: body({ type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_abcdefghijkl1234' }), apiMode: 'v1' });
    expect(err.message).toBe('Invalid API Key provided: sk_test_...1234');
  });
});
