// Checks API keys up front so a blank or mangled key fails at construction, not
// on the first request, and so the error can say what is wrong without echoing
// it. The key's format is the server's business, as in stripe-node: build-time
// placeholders (`api_key_placeholder`) and meter-event session tokens construct;
// only what cannot go into an Authorization header is refused here.

import { StripeInvalidApiKeyError } from './errors.js';
import { redact } from './redact.js';

/** Printable ASCII without spaces: what a header value can carry unchanged. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function check(key: unknown, what: string): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StripeInvalidApiKeyError({ message: `No ${what} provided`, code: 'api_key_missing' });
  }
  if (!HEADER_SAFE.test(key)) {
    throw new StripeInvalidApiKeyError({
      message: `Malformed ${what} (${redact(key)}): whitespace, control or non-ASCII characters cannot be sent in a header`,
      code: 'api_key_malformed',
    });
  }
}

/** Checks the client's key (API key, placeholder or session token). */
export function assertApiKey(key: unknown): asserts key is string {
  check(key, 'API key');
}

/** Checks a per-call `apiKey`: an API key or a meter-event session token. */
export function assertPerCallKey(key: unknown): asserts key is string {
  check(key, 'per-request apiKey');
}
