// Checks API keys up front so a blank or mangled key fails at construction, not
// on the first request, and so the error can say what is wrong without echoing
// it. The key's format is the server's business, as in stripe-node: build-time
// placeholders (`api_key_placeholder`) and meter-event session tokens construct;
// only what cannot go into an Authorization header is refused here.

import { StripeInvalidApiKeyError } from './errors.js';

/** Anything but printable ASCII: the client's own key must be sent exactly as typed. */
const NOT_ASCII_TOKEN = /[^\x21-\x7e]/;
/**
 * Per-call credentials may also be a short-lived session token (meter-event stream): its shape is the
 * server's business, so the only check is that it can go in an `Authorization: Bearer` header as one
 * credential: no control characters or whitespace, nothing above U+00FF (undici and Node refuse those).
 */
const NOT_HEADER_SAFE = /[^\x21-\x7e\x80-\xff]/;

// One message for both checks (it ships in every bundle): where the bad character is, never any
// fragment of the key or token itself (a session token has no public prefix to show).
function check(key: unknown, what: string, bad: RegExp): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StripeInvalidApiKeyError({ message: `No ${what} provided`, code: 'api_key_missing' });
  }
  const at = bad.exec(key);
  if (at !== null) {
    throw new StripeInvalidApiKeyError({
      message: `${what} cannot be sent in an HTTP header (character ${at.index + 1} of ${key.length}: whitespace, control or out of range)`,
      code: 'api_key_malformed',
    });
  }
}

/** Checks the client's key (API key, placeholder or session token). */
export function assertApiKey(key: unknown): asserts key is string {
  check(key, 'API key', NOT_ASCII_TOKEN);
}

/** Checks a per-call `apiKey`: an API key or a session token, sent as given unless it cannot go in a header. */
export function assertPerCallKey(key: unknown): asserts key is string {
  check(key, 'Per-request apiKey or session token', NOT_HEADER_SAFE);
}
