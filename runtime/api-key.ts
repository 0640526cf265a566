// Validates API keys up front so a typo fails at construction, not on the
// first request, and so the error can say what is wrong without echoing it.

import { StripeInvalidApiKeyError } from './errors.js';
import { redact } from './redact.js';

/** Secret, restricted and publishable keys, test or live mode. */
const API_KEY = /^(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9_]+$/;
/** Per-call credentials may also be a short-lived session token (meter-event stream); those have no fixed prefix. */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]{8,}$/;

/** Checks the client's key: must look like `sk_|rk_|pk_` + `test_|live_` + body. */
export function assertApiKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StripeInvalidApiKeyError({ message: 'No API key provided. Pass your secret key (sk_test_... or sk_live_...) to new StripeClient().', code: 'api_key_missing' });
  }
  if (!API_KEY.test(key)) {
    throw new StripeInvalidApiKeyError({
      message: `Malformed API key (${redact(key)}): expected sk_, rk_ or pk_ followed by test_ or live_ and no whitespace.`,
      code: 'api_key_malformed',
    });
  }
}

/** Checks a per-call `apiKey`: an API key or a session token (printable, no spaces, at least 8 characters). */
export function assertPerCallKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StripeInvalidApiKeyError({ message: 'Per-request apiKey is empty.', code: 'api_key_missing' });
  }
  if (!API_KEY.test(key) && !HEADER_SAFE_TOKEN.test(key)) {
    throw new StripeInvalidApiKeyError({
      message: `Malformed per-request apiKey or session token (${redact(key)}): expected printable characters without spaces.`,
      code: 'api_key_malformed',
    });
  }
}
