import { describe, expect, it } from 'vitest';
import { SessionManager } from '../../runtime/meter-events/session.js';
import { FakeClock, settle } from '../support/meter-mock-clock.js';
import { deferred, FakeTransport } from '../support/meter-mock-fake.js';

const MIN = 60_000;

function setup(lifetimeMs: number, marginMs = 3 * MIN) {
  const clock = new FakeClock();
  const transport = new FakeTransport();
  transport.lifetimeMs = lifetimeMs;
  const session = new SessionManager(transport, clock, { refreshMarginMs: marginMs, requestTimeoutMs: 30_000, signal: new AbortController().signal });
  return { clock, transport, session };
}

describe('SessionManager', () => {
  it('refreshes proactively refreshMarginMs before expiry, keeping the old token until the new one arrives', async () => {
    const { clock, transport, session } = setup(15 * MIN);
    const gate = deferred();
    expect(await session.getToken()).toBe('tok_1');
    clock.mono += 12 * MIN - 1;
    expect(await session.getToken()).toBe('tok_1');
    expect(transport.sessions).toBe(1);
    transport.onSession = () => gate.promise;
    clock.mono += 2;
    expect(await session.getToken()).toBe('tok_1'); // in the window: old token, refresh started
    expect(transport.sessions).toBe(2);
    expect(await session.getToken()).toBe('tok_1'); // still in flight: no second refresh
    expect(transport.sessions).toBe(2);
    gate.resolve();
    await settle();
    expect(await session.getToken()).toBe('tok_2');
    expect(session.refreshes).toBe(2);
  });

  it('measures the lifetime from expires_at - created, so server clock skew does not matter', async () => {
    const { clock, transport, session } = setup(15 * MIN);
    transport.serverNow = () => Date.now() + 3600_000; // server an hour ahead
    await session.getToken();
    clock.mono += 11 * MIN;
    await session.getToken();
    expect(transport.sessions).toBe(1);
    transport.serverNow = () => Date.now() - 86_400_000; // a day behind
    clock.mono += 2 * MIN;
    await session.getToken();
    await settle();
    expect(transport.sessions).toBe(2);
  });

  it('refreshes at 80% of a lifetime shorter than the margin', async () => {
    const { clock, transport, session } = setup(1000);
    await session.getToken();
    clock.mono += 799;
    await session.getToken();
    expect(transport.sessions).toBe(1);
    clock.mono += 2;
    await session.getToken();
    await settle();
    expect(transport.sessions).toBe(2);
  });

  it('is single-flight: concurrent callers share one createSession', async () => {
    const { transport, session } = setup(15 * MIN);
    const gate = deferred();
    transport.onSession = () => gate.promise;
    const tokens = Promise.all(Array.from({ length: 20 }, () => session.getToken()));
    await settle();
    expect(transport.sessions).toBe(1);
    gate.resolve();
    expect(new Set(await tokens)).toEqual(new Set(['tok_1']));
  });

  it('waits for a new token once the old one is past its local expiry, or invalidated', async () => {
    const { clock, transport, session } = setup(1000);
    await session.getToken();
    clock.mono += 1000;
    expect(await session.getToken()).toBe('tok_2');
    session.invalidate('tok_1'); // stale: tok_2 replaced it already
    expect(await session.getToken()).toBe('tok_2');
    session.invalidate('tok_2');
    expect(await session.getToken()).toBe('tok_3');
    expect(transport.sessions).toBe(3);
  });

  it('a failed refresh rejects every waiter, and the next call tries again', async () => {
    const { transport, session } = setup(15 * MIN);
    transport.onSession = (n) => {
      if (n === 1) throw new Error('down');
    };
    await expect(Promise.all([session.getToken(), session.getToken()])).rejects.toThrow('down');
    expect(transport.sessions).toBe(1);
    expect(await session.getToken()).toBe('tok_2');
  });
});
