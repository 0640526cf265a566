// A script that streams meter events and ends without close(): the stream keeps the process
// alive until its events are delivered (or their deadline passes), and an exit with events left
// or lost is loud (stderr, non-zero exit code). The script runs in a child process through the
// generated client; the meter-event mock runs here.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { MeterMock } from '../support/meter-mock.js';

requireGenerated();
const root = fileURLToPath(new URL('../..', import.meta.url));
let mock: MeterMock | undefined;
afterEach(async () => mock?.close());

/** Runs `body` as an ES module from the repo root, with `stripe` (the generated client on the mock) and `stream` in scope. */
function runScript(port: number, streamOptions: string, body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `
    import Stripe from './generated/index.ts';
    const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', { host: '127.0.0.1', port: ${port}, protocol: 'http' });
    const stream = stripe.meterEvents.stream(${streamOptions});
    ${body}`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

const SEND_200 = `
  for (let i = 0; i < 200; i++) await stream.send({ event_name: 'api_call', payload: { stripe_customer_id: 'cus_1', value: '1' }, identifier: 'ev_' + i });
  console.log('sent all');`;

describe('a script that ends without close()', () => {
  it('delivers 200/200 although each batch’s first attempt gets a 503, and exits 0', async () => {
    mock = await MeterMock.start();
    const seen = new Set<string>();
    mock.onStream = (r) => {
      const first = r.identifiers[0];
      if (seen.has(first)) return undefined;
      seen.add(first);
      return { status: 503 };
    };
    const { code, stdout, stderr } = await runScript(mock.port, '{ lingerMs: 20, retryBaseMs: 20, retryMaxMs: 100 }', SEND_200);
    expect(stdout.trim()).toBe('sent all');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(mock.identifiers().size).toBe(200);
    expect(mock.statusCounts[503]).toBeGreaterThanOrEqual(2);
  }, 40_000);

  it('when the events cannot be delivered by their deadline, says so on stderr and exits non-zero', async () => {
    mock = await MeterMock.start();
    mock.onStream = () => ({ status: 503 });
    const { code, stderr } = await runScript(mock.port, '{ lingerMs: 20, retryBaseMs: 20, retryMaxMs: 50, deliveryTimeoutMs: 300 }', SEND_200);
    expect(code).toBe(1);
    expect(stderr).toContain('stripe meter events: 200 event(s) failed with no onUndelivered handler (delivery_timeout 200)');
    expect(mock.identifiers().size).toBe(0);
  }, 40_000);

  it('with a spool holding a backlog bigger than the queue, delivers the backlog and its own event, and exits 0', async () => {
    mock = await MeterMock.start();
    const dir = mkdtempSync(join(tmpdir(), 'exit-spool-'));
    try {
      // An earlier run that Stripe refused: close() leaves its 3,000 events in the spool.
      mock.onStream = () => ({ status: 503 });
      const first = await runScript(
        mock.port,
        `{ spool: { dir: ${JSON.stringify(dir)} }, lingerMs: 5, retryBaseMs: 5 }`,
        `for (let i = 0; i < 3000; i++) stream.trySend({ event_name: 'api_call', payload: { stripe_customer_id: 'cus_1', value: '1' }, identifier: 'old_' + i });
         const { pending } = await stream.close({ timeoutMs: 50 });
         console.log(pending.length);`,
      );
      expect(first.stdout.trim()).toBe('3000');
      mock.onStream = undefined;
      const { code, stdout, stderr } = await runScript(
        mock.port,
        `{ spool: { dir: ${JSON.stringify(dir)} }, maxQueueEvents: 200, lingerMs: 5 }`,
        `await stream.send({ event_name: 'api_call', payload: { stripe_customer_id: 'cus_1', value: '1' }, identifier: 'new_0' });
         console.log('sent');`,
      );
      expect(stdout.trim()).toBe('sent');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(mock.identifiers().size).toBe(3001);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it('process.exit() with events still on their way is loud and non-zero', async () => {
    mock = await MeterMock.start();
    mock.hang();
    const { code, stderr } = await runScript(mock.port, '{ lingerMs: 20 }', `${SEND_200}\n  setTimeout(() => process.exit(0), 100);`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/stripe meter events: 200 event\(s\) not delivered at exit \(\d+ queued, \d+ in flight, 0 waiting to be queued\); call close\(\)/);
  }, 40_000);

  it('a stream that stopped on a fatal error does not hold the process; the exit says what was left', async () => {
    mock = await MeterMock.start();
    mock.revokeApiKey();
    const { code, stderr } = await runScript(mock.port, '{ lingerMs: 20, onError: () => {} }', SEND_200);
    expect(code).toBe(1);
    expect(stderr).toContain('200 event(s) not delivered at exit');
    expect(stderr).toContain('after the stream stopped (meter event stream stopped: StripeAuthenticationError 401 api_key_expired');
  }, 40_000);
});
