// The diff engine on Stripe's real specs: three years of evolution (2020-08-27 SDK spec ->
// 2023-08-16) and the 2026 slices merged over 2023-08-16. Each expectation below was found
// by reading the two specs; the test asserts the change appears with the right classification.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareSnapshots, resolveSide, type Change, type DiffResult } from '../../../generator/diff/index.js';
import { meterSlice, publicSpecJson, publicSpecYaml, sdkSpec, seedSlice } from '../../support/paths.js';

let threeYears: DiffResult;
let slices: DiffResult;
let sameSpec: DiffResult;
let twins: DiffResult;

beforeAll(() => {
  const old = resolveSide(sdkSpec).snapshot;
  const base = resolveSide(publicSpecJson).snapshot;
  const merged = resolveSide([publicSpecJson, meterSlice, seedSlice].join(',')).snapshot;
  threeYears = compareSnapshots(old, base);
  slices = compareSnapshots(base, merged);
  sameSpec = compareSnapshots(base, base);
  twins = compareSnapshots(base, resolveSide(publicSpecYaml).snapshot);
});

function find(diff: DiffResult, want: Partial<Change>): Change {
  const hit = diff.changes.find((c) => Object.entries(want).every(([k, v]) => c[k as keyof Change] === v));
  if (!hit) throw new Error(`no change matching ${JSON.stringify(want)}`);
  return hit;
}

describe('2020-08-27 SDK spec -> 2023-08-16', () => {
  it.each<[string, Partial<Change>, boolean]>([
    // Orders, SKUs, recipients and Bitcoin receivers were retired between the two versions.
    ['a removed method', { kind: 'method_removed', method: 'orders.create' }, true],
    ['a removed method (skus)', { kind: 'method_removed', method: 'skus.del' }, true],
    ['a removed resource', { kind: 'resource_removed', resource: 'recipients' }, true],
    ['a removed parameter', { kind: 'param_removed', method: 'customers.update', param: 'trial_end' }, true],
    ['a removed nested parameter', { kind: 'param_removed', method: 'checkout.sessions.create', param: 'subscription_data.coupon' }, true],
    ['a narrowed request enum', { kind: 'param_enum_value_removed', method: 'webhookEndpoints.create', param: 'enabled_events', value: 'order.updated' }, true],
    ['a narrowed query enum', { kind: 'param_enum_value_removed', method: 'paymentMethods.list', param: 'type', value: 'card_present' }, true],
    ['a removed response field', { kind: 'field_removed', schema: 'charge', field: 'dispute' }, true],
    ['a removed response field (payment intent charges)', { kind: 'field_removed', schema: 'payment_intent', field: 'charges' }, true],
    ['a narrowed response enum', { kind: 'field_enum_value_removed', schema: 'invoice', field: 'status', value: 'deleted' }, true],
    ['a changed return type', { kind: 'response_type_changed', method: 'terminal.readers.retrieve' }, true],
    ['an added method', { kind: 'method_added', method: 'accountSessions.create' }, false],
    ['an added resource', { kind: 'resource_added', resource: 'testHelpers.testClocks' }, false],
    ['an added optional parameter', { kind: 'param_added', method: 'customers.create', param: 'test_clock' }, false],
    ['a widened request enum', { kind: 'param_enum_value_added', method: 'paymentMethods.list', param: 'type', value: 'us_bank_account' }, false],
    ['a required param made optional', { kind: 'param_optional', method: 'paymentMethods.list', param: 'type' }, false],
    ['a widened param type (files may be "")', { kind: 'param_type_changed', method: 'accounts.createPerson', param: 'documents.passport.files' }, false],
    ['an added response field', { kind: 'field_added', schema: 'customer', field: 'test_clock' }, false],
    ['an added type', { kind: 'schema_added', schema: 'test_helpers.test_clock' }, false],
    ['the API version', { kind: 'api_version_changed' }, false],
  ])('%s', (_label, want, breaking) => {
    expect(find(threeYears, want).breaking).toBe(breaking);
  });

  it('lists each removed parameter once, not again for each of its members', () => {
    const removed = threeYears.changes.filter((c) => c.kind === 'param_removed' && c.method === 'checkout.sessions.create').map((c) => c.param);
    expect(removed).toContain('shipping_rates');
    expect(removed.filter((p) => p!.startsWith('subscription_data.items'))).toEqual(['subscription_data.items']);
  });

  it('reports the version pair', () => {
    expect(threeYears.from).toEqual({ apiVersion: '2020-08-27', sources: ['spec3.sdk.2020-08-27'] });
    expect(threeYears.to).toEqual({ apiVersion: '2023-08-16', sources: ['spec3.2023-08-16'] });
  });
});

describe('2023-08-16 -> 2023-08-16 + both 2026 slices', () => {
  it.each<[string, Partial<Change>]>([
    ['the billing meters resource', { kind: 'resource_added', resource: 'billing.meters' }],
    ['a v1 meter method', { kind: 'method_added', method: 'billing.meters.create' }],
    ['the v2 meter event stream', { kind: 'method_added', method: 'v2.billing.meterEventStream.create' }],
    ['the v2 session method', { kind: 'method_added', method: 'v2.billing.meterEventSession.create' }],
    ['a seed resource', { kind: 'method_added', method: 'climate.orders.create' }],
    ['a new type', { kind: 'schema_added', schema: 'billing.meter' }],
  ])('adds %s (non-breaking)', (_label, want) => {
    expect(find(slices, want).breaking).toBe(false);
  });

  it('removes nothing, and flags the one schema the 2026 slice narrowed', () => {
    expect(slices.changes.filter((c) => c.kind.endsWith('_removed'))).toEqual([]);
    // The slice replaces api_errors: `code` becomes a closed enum where 2023 had any string.
    expect(find(slices, { kind: 'field_type_changed', schema: 'api_errors', field: 'code' }).breaking).toBe(true);
    expect(slices.changes.filter((c) => c.breaking).map((c) => `${c.schema}.${c.field}`).sort()).toEqual(['api_errors.code', 'api_errors.source']);
  });
});

describe('no change', () => {
  it('a spec diffed against itself reports nothing', () => {
    expect(sameSpec.changes).toEqual([]);
  });
  it('the JSON and YAML twins of one spec are the same API', () => {
    expect(twins.changes).toEqual([]);
  });
});
