import { describe, expect, it } from 'vitest';
import { installShutdownHook, MeterEvents } from '../../runtime/meter-events/index.js';
import { FakeTransport } from '../support/meter-mock-fake.js';

const ev = (i: number) => ({ event_name: 'e', payload: { stripe_customer_id: 'c' }, identifier: `ev_${i}` });

describe('installShutdownHook', () => {
  it('closes the stream (delivering queued events) on SIGTERM, and uninstalls cleanly', async () => {
    const transport = new FakeTransport();
    const stream = new MeterEvents(transport).stream({ lingerMs: 60_000 });
    const before = process.listenerCount('SIGTERM');
    installShutdownHook(stream, { reraise: false });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    for (let i = 0; i < 5; i++) void stream.send(ev(i));
    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    expect(stream.stats().closed).toBe(true);
    expect(transport.allIdentifiers()).toEqual(['ev_0', 'ev_1', 'ev_2', 'ev_3', 'ev_4']);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('flushes on beforeExit, and the shutdownHook option is removed by close()', async () => {
    const transport = new FakeTransport();
    const beforeExit = process.listenerCount('beforeExit');
    const stream = new MeterEvents(transport).stream({ lingerMs: 60_000, shutdownHook: { reraise: false } });
    expect(process.listenerCount('beforeExit')).toBe(beforeExit + 1);
    void stream.send(ev(1));
    process.emit('beforeExit', 0);
    await new Promise((r) => setTimeout(r, 50));
    expect(transport.allIdentifiers()).toEqual(['ev_1']);
    await stream.close();
    expect(process.listenerCount('beforeExit')).toBe(beforeExit);
  });

  it('an idle stream does not hold the process open (its timers are unref’d; it holds the process only while events are on their way)', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = `
      import { MeterEvents } from './runtime/meter-events/index.ts';
      const t = { createSession: async () => ({ authentication_token: 't', created: '2026-01-01T00:00:00Z', expires_at: '2026-01-01T00:15:00Z' }), sendBatch: async () => {} };
      const s = new MeterEvents(t).stream({ lingerMs: 3_600_000, refreshMarginMs: 0 });
      await s.send({ event_name: 'e', payload: { stripe_customer_id: 'c' } });
      await s.flush();
      console.log('sent', s.stats().sent, 'queued', s.stats().queueDepth);`;
    const started = Date.now();
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, timeout: 20_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    expect(out.trim()).toBe('sent 1 queued 0');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
