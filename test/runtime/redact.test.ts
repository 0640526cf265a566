// Secrets never leak: the redact helpers and API key validation.

import { describe, expect, it } from 'vitest';
import { assertApiKey, assertPerCallKey } from '../../runtime/api-key.js';
import { StripeClient, StripeInvalidApiKeyError, StripeUsageError, redact, redactHeaders, redactText } from '../../runtime/index.js';

describe('redact', () => {
  it.each([
    ['sk_test_51HabcdefghijklmnopqrsABCD', 'sk_test_...ABCD'],
    ['sk_live_51Habcdefghijklmnopqrs9876', 'sk_live_...9876'],
    ['rk_test_abcdefghijklmnop', 'rk_test_...mnop'],
    ['ek_test_YWNjdF8xTjFhYmNkZWZn', 'ek_test_...ZWZn'],
    ['whsec_abcdefghijklmnop1234', 'whsec_...1234'],
    ['sk_test_123', 'sk_test_...'],
    ['token_12345678', '...5678'],
    ['short', '...'],
    ['', '<empty>'],
  ])('%s → %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
  it('redacts secrets inside text', () => {
    expect(redactText('key sk_test_abcdefghijklmnop1234 and whsec_abcdefghijklmnop5678, id cus_123')).toBe('key sk_test_...1234 and whsec_...5678, id cus_123');
  });
  it('masks Authorization and keeps other headers', () => {
    expect(redactHeaders({ Authorization: 'Bearer sk_test_abcdefghijklmnop1234', 'Stripe-Version': '2024-06-20' })).toEqual({
      Authorization: 'Bearer sk_test_...1234',
      'Stripe-Version': '2024-06-20',
    });
  });
});

describe('API key validation', () => {
  // stripe-node leaves the format to the server: placeholders for build steps and session tokens construct.
  it.each(['sk_test_123', 'sk_live_abc', 'rk_test_x1', 'pk_live_Z9', 'sk_test_51H_abcDEF', 'api_key_placeholder', 'ek_test_abcdefghijklmnop', 'tok_1', 'sk_abcdefgh'])('accepts %s', (key) => {
    expect(() => assertApiKey(key)).not.toThrow();
  });

  const bad: Array<[string, unknown, string]> = [
    ['empty', '', 'api_key_missing'],
    ['undefined', undefined, 'api_key_missing'],
    ['whitespace', 'sk_test_abc def', 'api_key_malformed'],
    ['trailing newline', 'sk_test_abcdefghijklmnop\n', 'api_key_malformed'],
    ['Bearer prefix pasted', 'Bearer sk_test_abcdefghijklmnop', 'api_key_malformed'],
    ['non-ASCII', 'sk_test_abcdéfghijklmnop', 'api_key_malformed'],
  ];
  it.each(bad)('rejects %s at construction with a typed error that hides the key', (_n, key, code) => {
    let err: unknown;
    try {
      new StripeClient(key as string);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StripeInvalidApiKeyError);
    expect(err).toBeInstanceOf(StripeUsageError);
    expect((err as StripeInvalidApiKeyError).code).toBe(code);
    if (typeof key === 'string' && key.length > 12) {
      expect((err as Error).message).not.toContain(key.trim());
      expect((err as Error).message).not.toContain('abcdefghijklmnop');
    }
  });

  it('says where a key goes wrong without echoing any of it', () => {
    expect(() => new StripeClient('oops not a key 1234')).toThrowError(
      'API key cannot be sent in an HTTP header (character 5 of 19: whitespace, control or out of range)',
    );
  });

  it('accepts session tokens per call but not blanks or spaces', () => {
    expect(() => assertPerCallKey('ek_test_YWNjdF8xTjFh')).not.toThrow();
    expect(() => assertPerCallKey('token_12345678')).not.toThrow();
    expect(() => assertPerCallKey('tok_1')).not.toThrow();
    expect(() => assertPerCallKey('')).toThrow(StripeInvalidApiKeyError);
    expect(() => assertPerCallKey('tok en_1234567')).toThrow(StripeInvalidApiKeyError);
    // The token's shape is the server's business: short or unprefixed tokens are sent as given.
    expect(() => assertPerCallKey('tok_1')).not.toThrow();
    expect(() => assertPerCallKey('ek_test_ökén')).not.toThrow();
    expect(() => assertPerCallKey('tok\n1')).toThrow('character 4 of 5');
    expect(() => assertPerCallKey('tok_€')).toThrow(StripeInvalidApiKeyError);
  });
});
