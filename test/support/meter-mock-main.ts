// Runs the meter-event mock as its own process (for benchmarks): prints the
// port on stdout, counts events, and exits on SIGTERM/SIGINT (and, with
// --exit-on-stdin-close, when its stdin closes, so it never outlives a driver
// that spawned it with a stdin pipe).
// Control routes (/__mock/stats, /__mock/expire-tokens, faults) are on: see MeterMockOptions.control.
// Usage: node --import tsx test/support/meter-mock-main.ts [--token-lifetime-ms N] [--record raw|count] [--quiet] [--exit-on-stdin-close]

import { MeterMock } from './meter-mock.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const lifetime = arg('--token-lifetime-ms');
const record = arg('--record') === 'raw' ? 'raw' : 'count';
const quiet = process.argv.includes('--quiet');
const mock = await MeterMock.start({ tokenLifetimeMs: lifetime ? Number(lifetime) : undefined, record, control: true });
process.stdout.write(`${mock.port}\n`);

const stop = (): void => {
  if (!quiet) process.stderr.write(`meter-mock: ${mock.eventCount} events, ${mock.streamRequests} requests, ${mock.sessionsCreated} sessions\n`);
  void mock.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.argv.includes('--exit-on-stdin-close')) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
