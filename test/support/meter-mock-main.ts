// Runs the meter-event mock as its own process (for benchmarks): prints the
// port on stdout, counts events, and exits on SIGTERM/SIGINT.
// Usage: node --import tsx test/support/meter-mock-main.ts [--token-lifetime-ms N] [--record raw|count]

import { MeterMock } from './meter-mock.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const lifetime = arg('--token-lifetime-ms');
const record = arg('--record') === 'raw' ? 'raw' : 'count';
const mock = await MeterMock.start({ tokenLifetimeMs: lifetime ? Number(lifetime) : undefined, record });
process.stdout.write(`${mock.port}\n`);

const stop = (): void => {
  process.stderr.write(`meter-mock: ${mock.eventCount} events, ${mock.streamRequests} requests, ${mock.sessionsCreated} sessions\n`);
  void mock.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
