// Webhook signature vectors (cross-checked with openssl and stripe-node), sync
// and Web Crypto paths, and each failure mode as a typed error.

import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { StripeSignatureVerificationError, Webhooks, parseSignatureHeader } from '../../runtime/index.js';

const wh = new Webhooks();
const secret = 'whsec_test_secret';
const payload = '{"id":"evt_1","object":"event"}';
const t = 1_700_000_000;
// printf '%s' '1700000000.{"id":"evt_1","object":"event"}' | openssl dgst -sha256 -hmac whsec_test_secret
const sig = '0c8670ed117751cc551a20e35839447075c42800ea3cf3e8a2fbda99cd1e6edd';
const at = (seconds: number): number => seconds * 1000;

function failure(fn: () => unknown): StripeSignatureVerificationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StripeSignatureVerificationError);
    return e as StripeSignatureVerificationError;
  }
  throw new Error('expected a StripeSignatureVerificationError');
}

async function failureAsync(p: Promise<unknown>): Promise<StripeSignatureVerificationError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StripeSignatureVerificationError);
  return e as StripeSignatureVerificationError;
}

describe('generateTestHeaderString', () => {
  it('matches the openssl vector and stripe-node', () => {
    expect(wh.generateTestHeaderString({ payload, secret, timestamp: t })).toBe(`t=${t},v1=${sig}`);
    expect(new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret, timestamp: t })).toBe(`t=${t},v1=${sig}`);
  });
  it('async variant agrees', async () => {
    expect(await wh.generateTestHeaderStringAsync({ payload, secret, timestamp: t })).toBe(`t=${t},v1=${sig}`);
  });
});

describe('constructEvent', () => {
  const header = `t=${t},v1=${sig}`;
  it('returns the parsed event for a valid signature (string and Buffer payloads)', () => {
    expect(wh.constructEvent(payload, header, secret, 300, undefined, at(t + 10))).toEqual({ id: 'evt_1', object: 'event' });
    expect(wh.constructEvent(Buffer.from(payload), Buffer.from(header), secret, 300, undefined, at(t))).toEqual({ id: 'evt_1', object: 'event' });
  });
  it('accepts any of several v1 signatures and ignores v0', () => {
    const multi = `t=${t},v0=${'1'.repeat(64)},v1=${'f'.repeat(64)},v1=${sig}`;
    expect(wh.constructEvent(payload, multi, secret, 300, undefined, at(t))).toEqual({ id: 'evt_1', object: 'event' });
  });
  it('accepts a header stripe-node generated at the current time', () => {
    const h = new Stripe('sk_test_123').webhooks.generateTestHeaderString({ payload, secret });
    expect(wh.constructEvent(payload, h, secret)).toEqual({ id: 'evt_1', object: 'event' });
  });
  it('rejects a wrong secret', () => {
    const e = failure(() => wh.constructEvent(payload, header, 'whsec_other_secret_1234', 300, undefined, at(t)));
    expect(e.code).toBe('signature_mismatch');
    expect(e.message).not.toContain('whsec_');
  });
  it('rejects a re-serialised payload', () => {
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2);
    expect(failure(() => wh.constructEvent(reserialised, header, secret, 300, undefined, at(t))).code).toBe('signature_mismatch');
  });
  it('rejects a stale timestamp, and tolerance 0 disables the age check', () => {
    const e = failure(() => wh.constructEvent(payload, header, secret, 300, undefined, at(t + 301)));
    expect([e.code, e.message]).toEqual(['timestamp_outside_tolerance', 'Timestamp outside the tolerance zone (301s old, tolerance 300s)']);
    expect(wh.constructEvent(payload, header, secret, 0, undefined, at(t + 10_000))).toEqual({ id: 'evt_1', object: 'event' });
  });
  it.each<[string, string | undefined, string]>([
    ['garbage', 'nonsense', 'header_malformed'],
    ['no timestamp', `v1=${sig}`, 'header_malformed'],
    ['non-numeric timestamp', `t=abc,v1=${sig}`, 'header_malformed'],
    ['no v1 signature', `t=${t},v0=${sig}`, 'header_no_v1'],
    ['empty', '', 'header_missing'],
    ['missing', undefined, 'header_missing'],
  ])('rejects a malformed header: %s', (_n, h, code) => {
    expect(failure(() => wh.constructEvent(payload, h, secret, 300, undefined, at(t))).code).toBe(code);
  });
  it('rejects a parsed object payload and an empty secret', () => {
    expect(failure(() => wh.constructEvent({ id: 'evt_1' } as unknown as string, header, secret)).code).toBe('payload_not_raw');
    expect(failure(() => wh.constructEvent(payload, header, '', 300, undefined, at(t))).code).toBe('secret_missing');
  });
  it('uses the default tolerance of 300 s', () => {
    expect(wh.DEFAULT_TOLERANCE).toBe(300);
  });
});

describe('constructEventAsync (Web Crypto)', () => {
  const header = `t=${t},v1=${sig}`;
  it('verifies the same vector', async () => {
    expect(await wh.constructEventAsync(payload, header, secret, 300, undefined, at(t))).toEqual({ id: 'evt_1', object: 'event' });
  });
  it('fails the same ways', async () => {
    expect((await failureAsync(wh.constructEventAsync(payload, header, 'whsec_wrong', 300, undefined, at(t)))).code).toBe('signature_mismatch');
    expect((await failureAsync(wh.constructEventAsync(payload, header, secret, 60, undefined, at(t + 61)))).code).toBe('timestamp_outside_tolerance');
    expect((await failureAsync(wh.constructEventAsync(payload, 'bad', secret))).code).toBe('header_malformed');
  });
});

describe('parseSignatureHeader', () => {
  it('collects the timestamp and every v1 signature', () => {
    expect(parseSignatureHeader('t=12, v1=aa ,v1=bb,v0=cc')).toEqual({ timestamp: 12, signatures: ['aa', 'bb'] });
    expect(parseSignatureHeader('v1=aa')).toBeNull();
  });
});
