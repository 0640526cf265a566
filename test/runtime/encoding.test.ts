// Wire-format tests for the v1 form encoding, v2 query/JSON and multipart:
// exact bytes, checked against stripe-node's own encoder as an oracle, and a
// qs round-trip property.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { encodeForm, encodeJson, encodeMultipart, encodeRequest, encodeV2Query, PreEncodedJson } from '../../runtime/encoding/index.js';
import { buildPath } from '../../runtime/path.js';
import { StripeUsageError } from '../../runtime/errors.js';

// stripe-node's encoder, loaded by file path (its package exports hide it) to compare byte for byte.
const require = createRequire(import.meta.url);
const stripeUtils = require(fileURLToPath(new URL('../../node_modules/stripe/cjs/utils.js', import.meta.url))) as {
  queryStringifyRequestData(data: unknown): string;
};

const formCases: Array<[string, object, string]> = [
  // design-notes wire-format block
  ['unset via null and empty string', { metadata: { old: null, keep: 'v' }, description: '' }, 'metadata[old]=&metadata[keep]=v&description='],
  ['Date and array of objects', { trial_end: new Date(1_700_000_000_000), items: [{ id: 'si_1', deleted: true }] }, 'trial_end=1700000000&items[0][id]=si_1&items[0][deleted]=true'],
  ['query with range and escapes', { limit: 3, created: { gte: 1_700_000_000 }, email: 'x+y@z.io' }, 'limit=3&created[gte]=1700000000&email=x%2By%40z.io'],
  ['expand array indexed', { expand: ['tax_ids'] }, 'expand[0]=tax_ids'],
  [
    'checkout session',
    {
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', product_data: { name: 'T-shirt & cap' } }, quantity: 1 }],
      success_url: 'https://example.com/s?x=1&y=2',
    },
    'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T-shirt%20%26%20cap&line_items[0][quantity]=1&success_url=https%3A%2F%2Fexample.com%2Fs%3Fx%3D1%26y%3D2',
  ],
  // scalars
  ['empty object', {}, ''],
  ['single string', { a: 'b' }, 'a=b'],
  ['integer', { amount: 2000 }, 'amount=2000'],
  ['zero', { amount: 0 }, 'amount=0'],
  ['negative', { balance: -500 }, 'balance=-500'],
  ['decimal', { percent_off: 12.5 }, 'percent_off=12.5'],
  ['true', { capture: true }, 'capture=true'],
  ['false', { capture: false }, 'capture=false'],
  ['null', { description: null }, 'description='],
  ['empty string', { description: '' }, 'description='],
  ['undefined skipped', { a: undefined, b: 'x' }, 'b=x'],
  ['only undefined', { a: undefined }, ''],
  ['space is %20', { name: 'Jenny Rosen' }, 'name=Jenny%20Rosen'],
  ['plus sign escaped', { q: 'a+b' }, 'q=a%2Bb'],
  ['ampersand and equals escaped', { q: 'a&b=c' }, 'q=a%26b%3Dc'],
  ['unicode', { name: 'Zoë 日本' }, 'name=Zo%C3%AB%20%E6%97%A5%E6%9C%AC'],
  ['qs-escaped punctuation', { s: "it's (ok)!*" }, 's=it%27s%20%28ok%29%21%2A'],
  ['unreserved kept', { s: 'a-b_c.d~e' }, 's=a-b_c.d~e'],
  ['brackets in values escaped back to brackets', { s: '[x]' }, 's=[x]'],
  ['slash and colon', { url: 'a/b:c' }, 'url=a%2Fb%3Ac'],
  ['newline', { s: 'a\nb' }, 's=a%0Ab'],
  ['key with space', { 'a b': 1 }, 'a%20b=1'],
  ['Date at epoch', { d: new Date(0) }, 'd=0'],
  ['Date floors milliseconds', { d: new Date(1_700_000_000_999) }, 'd=1700000000'],
  // nesting
  ['metadata map', { metadata: { order_id: '6735', tier: 'gold' } }, 'metadata[order_id]=6735&metadata[tier]=gold'],
  ['empty nested object emits nothing', { metadata: {} }, ''],
  ['empty array emits nothing', { expand: [] }, ''],
  ['empty array beside value', { expand: [], a: 1 }, 'a=1'],
  ['two expands', { expand: ['customer', 'invoice.subscription'] }, 'expand[0]=customer&expand[1]=invoice.subscription'],
  ['array of strings keeps index after undefined', { a: [undefined, 'x'] }, 'a[1]=x'],
  ['array with null element', { a: [null] }, 'a[0]='],
  ['deep nesting', { a: { b: { c: { d: 'e' } } } }, 'a[b][c][d]=e'],
  ['nested array of arrays', { a: [[1, 2]] }, 'a[0][0]=1&a[0][1]=2'],
  ['nested unset', { shipping: { address: { line2: null } } }, 'shipping[address][line2]='],
  ['range with gt and lt', { created: { gt: 1, lt: 2 } }, 'created[gt]=1&created[lt]=2'],
  ['nested Date', { created: { gte: new Date(1_700_000_000_000) } }, 'created[gte]=1700000000'],
  ['nested boolean', { settings: { enabled: false } }, 'settings[enabled]=false'],
  ['metadata key with space and symbol', { metadata: { 'a b&c': 'v' } }, 'metadata[a%20b%26c]=v'],
  ['items with metadata', { items: [{ price: 'p', metadata: { k: 'v' } }] }, 'items[0][price]=p&items[0][metadata][k]=v'],
  ['two items', { items: [{ price: 'p1' }, { price: 'p2', quantity: 2 }] }, 'items[0][price]=p1&items[1][price]=p2&items[1][quantity]=2'],
  ['object with undefined leaves', { a: { b: undefined, c: 1 } }, 'a[c]=1'],
  ['order preserved', { z: 1, a: 2, m: 3 }, 'z=1&a=2&m=3'],
  ['payment method types', { payment_method_types: ['card', 'sepa_debit'] }, 'payment_method_types[0]=card&payment_method_types[1]=sepa_debit'],
  ['email with dots', { email: 'jenny.rosen@example.com' }, 'email=jenny.rosen%40example.com'],
];

describe('form encoding (v1 bodies and queries)', () => {
  it('has at least 40 cases', () => {
    expect(formCases.length).toBeGreaterThanOrEqual(40);
  });
  it.each(formCases)('%s', (_name, input, expected) => {
    expect(encodeForm(input)).toBe(expected);
  });
  it.each(formCases)('matches stripe-node 23 byte for byte: %s', (_name, input) => {
    expect(encodeForm(input)).toBe(stripeUtils.queryStringifyRequestData(input));
  });
  it('encodes undefined params as nothing', () => {
    expect(encodeForm(undefined)).toBe('');
  });
});

describe('form encoding properties', () => {
  // Leaves are non-empty strings: the encoder normalises null and '' to `key=` (parsed back as ''),
  // Dates to unix seconds, numbers and booleans to strings, and drops empty arrays/objects,
  // so those cannot round-trip through qs unchanged by design.
  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  const leaf = fc.string({ minLength: 1, maxLength: 12 });
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('v'), { minLength: 1, maxLength: 3 }),
      fc.dictionary(key, tie('v'), { minKeys: 1, maxKeys: 3 }),
    ),
  })).v;
  const params = fc.dictionary(key, value, { maxKeys: 5 });

  it('qs.parse(encodeForm(x)) gives back x', () => {
    fc.assert(
      fc.property(params, (x) => {
        expect(qs.parse(encodeForm(x), { arrayLimit: 1000, depth: 100, parameterLimit: 100_000, allowPrototypes: true })).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with stripe-node on arbitrary JSON-ish params (including null, numbers, booleans)', () => {
    const anyLeaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const anyValue = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, anyLeaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), anyValue, { maxKeys: 5 }), (x) => {
        expect(encodeForm(x)).toBe(stripeUtils.queryStringifyRequestData(x));
      }),
      { numRuns: 300 },
    );
  });
});

describe('path parameters', () => {
  it('escapes with encodeURIComponent', () => {
    expect(buildPath('/v1/customers/{customer}', ['customer'], ['cus_ä/1'])).toBe('/v1/customers/cus_%C3%A4%2F1');
  });
  it('fills several placeholders in order', () => {
    expect(buildPath('/v1/customers/{customer}/sources/{id}', ['customer', 'id'], ['cus_1', 'card 2'])).toBe('/v1/customers/cus_1/sources/card%202');
  });
  it('returns templates without placeholders unchanged', () => {
    expect(buildPath('/v1/customers', [], [])).toBe('/v1/customers');
  });
  it('names a missing parameter', () => {
    expect(() => buildPath('/v1/customers/{customer}/sources/{id}', ['customer', 'id'], ['cus_1'])).toThrowError(
      expect.objectContaining({ name: 'StripeUsageError', param: 'id', message: "Missing path parameter 'id' for /v1/customers/{customer}/sources/{id} (got undefined)" }),
    );
  });
  it('rejects an empty parameter', () => {
    let err: unknown;
    try {
      buildPath('/v1/customers/{customer}', ['customer'], ['']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StripeUsageError);
    expect((err as StripeUsageError).param).toBe('customer');
  });
});

describe('v2 query strings and JSON bodies', () => {
  it.each<[object, string]>([
    [{ limit: 10 }, 'limit=10'],
    [{ lookup_keys: ['a', 'b'] }, 'lookup_keys=a&lookup_keys=b'],
    [{ limit: 2, include: ['x y'] }, 'limit=2&include=x%20y'],
    [{ created: { gt: '2024-01-01T00:00:00Z' } }, 'created[gt]=2024-01-01T00%3A00%3A00Z'],
    [{ a: undefined, b: false }, 'b=false'],
    [{ at: new Date(Date.UTC(2024, 5, 1, 12)) }, 'at=2024-06-01T12%3A00%3A00.000Z'],
  ])('%j → %s', (input, expected) => {
    expect(encodeV2Query(input)).toBe(expected);
  });

  it('serialises the meter event stream body exactly (design-notes)', () => {
    const body = {
      events: [{ event_name: 'e', payload: { stripe_customer_id: 'c', value: '1' }, identifier: 'a1', timestamp: '2024-06-01T12:00:00.000Z' }],
    };
    expect(encodeJson(body)).toBe(
      '{"events":[{"event_name":"e","payload":{"stripe_customer_id":"c","value":"1"},"identifier":"a1","timestamp":"2024-06-01T12:00:00.000Z"}]}',
    );
  });
  it('keeps null, drops undefined, Dates become ISO strings', () => {
    expect(encodeJson({ a: null, b: undefined, t: new Date(Date.UTC(2024, 5, 1)) })).toBe('{"a":null,"t":"2024-06-01T00:00:00.000Z"}');
  });
  it('sends PreEncodedJson verbatim', () => {
    const raw = '{"events":[ {"x":1} ]}';
    expect(encodeJson(new PreEncodedJson(raw))).toBe(raw);
    expect(encodeRequest('POST', 'json', new PreEncodedJson(raw))).toEqual({ query: '', body: raw, contentType: 'application/json' });
  });
  it('uses {} for a JSON POST without params', () => {
    expect(encodeRequest('POST', 'json', undefined).body).toBe('{}');
  });
  it('puts GET and DELETE params in the query with the form encoding for v1', () => {
    expect(encodeRequest('GET', 'form', { expand: ['a'] })).toEqual({ query: 'expand[0]=a', body: undefined, contentType: undefined });
    expect(encodeRequest('DELETE', 'form', { items: [{ id: 'x' }] })).toEqual({ query: 'items[0][id]=x', body: undefined, contentType: undefined });
  });
});

describe('multipart', () => {
  const dec = (u: Uint8Array): string => Buffer.from(u).toString('latin1');
  it('writes fields, nested keys and a {data,name,type} file', async () => {
    const body = await encodeMultipart(
      { purpose: 'dispute_evidence', file: { data: Buffer.from('PDF!'), name: 'a.pdf', type: 'application/pdf' }, file_link_data: { create: true, metadata: { k: 'v' } } },
      'BOUND',
    );
    expect(dec(body)).toBe(
      '--BOUND\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ndispute_evidence\r\n' +
        '--BOUND\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\nPDF!\r\n' +
        '--BOUND\r\nContent-Disposition: form-data; name="file_link_data[create]"\r\n\r\ntrue\r\n' +
        '--BOUND\r\nContent-Disposition: form-data; name="file_link_data[metadata][k]"\r\n\r\nv\r\n' +
        '--BOUND--\r\n',
    );
  });
  it('accepts a bare Buffer / Uint8Array and a Blob as file parts', async () => {
    const buf = await encodeMultipart({ file: new Uint8Array([0, 255]) }, 'B');
    expect([...buf]).toEqual([
      ...Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n'),
      0,
      255,
      ...Buffer.from('\r\n--B--\r\n'),
    ]);
    const blob = await encodeMultipart({ file: new Blob(['hi'], { type: 'text/plain' }) }, 'B');
    expect(dec(blob)).toBe('--B\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B--\r\n');
  });
  it('quotes and flattens unsafe names', async () => {
    const body = await encodeMultipart({ file: { data: 'x', name: 'a"b\r\nc.txt' } }, 'B');
    expect(dec(body)).toContain('filename="a%22b c.txt"');
  });
});
