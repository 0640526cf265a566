// The default build on Stripe's real specs: every operation gets exactly one method, and the
// output is deterministic and independent of the input format (JSON or YAML).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../generator/pipeline.js';
import { meterSlice, publicSpecJson, publicSpecYaml, seedSlice } from '../support/paths.js';

interface Manifest {
  apiVersion: string;
  counts: { operations: number };
  /** Source spec -> operation key -> method. */
  operations: Record<string, Record<string, string>>;
}
interface Snapshot {
  methods: Record<string, { route: string; host: string }>;
}

const opsIn = (file: string) => {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => ['get', 'post', 'delete', 'put', 'patch'].includes(m)).map((m) => `${m} ${path}`));
};

let first: GenerateResult;
let manifest: Manifest;
let snapshot: Snapshot;
/** [operation key, method] of every operation the manifest lists. */
const listed = () => Object.values(manifest.operations).flatMap((ops) => Object.entries(ops));

beforeAll(async () => {
  first = await generate({ dryRun: true });
  manifest = JSON.parse(first.files.get('manifest.json')!) as Manifest;
  snapshot = JSON.parse(first.files.get('api-snapshot.json')!) as Snapshot;
}, 120_000);

describe('default build (2023-08-16 public spec + two 2026-07-29 slices)', () => {
  it('has exactly one method per operation (523 = 468 + 13 + 42)', () => {
    const counts = [publicSpecJson, meterSlice, seedSlice].map((f) => opsIn(f).length);
    expect(counts).toEqual([468, 13, 42]);
    const expected = new Set([publicSpecJson, meterSlice, seedSlice].flatMap(opsIn));
    const inManifest = listed().map(([key]) => key);
    const missing = [...expected].filter((k) => !inManifest.includes(k));
    expect(missing, `operations without a method: ${missing.join(', ')}`).toEqual([]);
    expect(new Set(inManifest).size).toBe(inManifest.length);
    expect(new Set(listed().map(([, method]) => method)).size).toBe(523);
    expect(manifest.counts.operations).toBe(523);
  });

  it('exposes the names users know from stripe-node', () => {
    const method = (key: string) => listed().find(([k]) => k === key)?.[1];
    expect(method('post /v1/billing_portal/sessions')).toBe('billingPortal.sessions.create');
    expect(method('post /v1/test_helpers/test_clocks')).toBe('testHelpers.testClocks.create');
    expect(method('post /v1/payment_intents/{intent}/confirm')).toBe('paymentIntents.confirm');
    expect(method('get /v1/customers/{customer}/payment_methods')).toBe('customers.listPaymentMethods');
    expect(method('post /v1/customers/{customer}/balance_transactions')).toBe('customers.createBalanceTransaction');
    expect(method('get /v1/billing/meters/{id}/event_summaries')).toBe('billing.meters.listEventSummaries');
    expect(method('post /v2/billing/meter_event_session')).toBe('v2.billing.meterEventSession.create');
    expect(method('post /v2/billing/meter_event_stream')).toBe('v2.billing.meterEventStream.create');
    expect(method('get /v1/customers/{customer}/cards')).toBe('customers.listCards');
  });

  it('routes operations to their own hosts', () => {
    const host = (key: string) => snapshot.methods[listed().find(([k]) => k === key)![1]]?.host;
    expect(host('post /v1/files')).toBe('files');
    expect(host('post /v2/billing/meter_event_stream')).toBe('meterEvents');
    expect(host('post /v2/billing/meter_event_session')).toBe('api');
  });

  it('is byte-identical across runs', async () => {
    const second = await generate({ dryRun: true });
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [rel, text] of first.files) expect(second.files.get(rel) === text, rel).toBe(true);
  }, 120_000);

  it('gives byte-identical output from the YAML twin of the public spec', async () => {
    const yaml = await generate({ dryRun: true, specs: [publicSpecYaml, meterSlice, seedSlice] });
    expect([...yaml.files.keys()]).toEqual([...first.files.keys()]);
    for (const [rel, text] of first.files) expect(yaml.files.get(rel) === text, rel).toBe(true);
  }, 120_000);
});
