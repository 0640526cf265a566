// Checks API keys up front so a blank or mangled key fails at construction, not
// on the first request, and so the error can say what is wrong without echoing
// it. The key's format is the server's business, as in stripe-node: build-time
// placeholders (`api_key_placeholder`) and meter-event session tokens construct;
// only what cannot go into an Authorization header is refused here.

import { StripeInvalidApiKeyError } from './errors.js';
import { redact } from './redact.js';

/** Printable ASCII without spaces: what a header value can carry unchanged. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
/**
 * Per-call credentials may also be a short-lived session token (meter-event stream): its shape is the
 * server's business, so the only check is that it can go in an `Authorization: Bearer` header as one
 * credential: no control characters or whitespace, nothing above U+00FF (undici and Node refuse those).
 */
const NOT_HEADER_SAFE = /[^\x21-\x7e\x80-\xff]/;

/** Checks the client's key (API key, placeholder or session token). */
export function assertApiKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StripeInvalidApiKeyError({ message: 'No API key provided', code: 'api_key_missing' });
  }
  if (!HEADER_SAFE.test(key)) {
    throw new StripeInvalidApiKeyError({
      message: `Malformed API key (${redact(key)}): whitespace, control or non-ASCII characters cannot be sent in a header`,
      code: 'api_key_malformed',
    });
  }
}

/** Checks a per-call `apiKey`: an API key or a session token, sent as given unless it cannot go in a header. */
export function assertPerCallKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StripeInvalidApiKeyError({ message: 'Per-request apiKey is empty.', code: 'api_key_missing' });
  }
  const bad = NOT_HEADER_SAFE.exec(key);
  if (bad !== null) {
    // No fragment of the token in the message: a session token has no public prefix to show.
    throw new StripeInvalidApiKeyError({
      message: `Per-request apiKey or session token cannot be sent in an HTTP header: character ${bad.index + 1} of ${key.length} is whitespace, a control character or above U+00FF.`,
      code: 'api_key_malformed',
    });
  }
}
