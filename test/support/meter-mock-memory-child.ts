// Child process for the memory test (run with --expose-gc): offers 1 000 000
// events to a stream whose server never answers and prints memory use (after
// gc) before and after as JSON on stdout.
// Usage: node --expose-gc --import tsx test/support/meter-mock-memory-child.ts <trySend|reject|dropNewest>

import { MeterEvents } from '../../runtime/meter-events/index.js';
import { MeterMock } from './meter-mock.js';
import { createMockTransport } from './meter-mock-transport.js';

const mode = process.argv[2] ?? 'trySend';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const mock = await MeterMock.start();
mock.hang();
const transport = createMockTransport(mock.url);
let undelivered = 0;
const stream = new MeterEvents(transport).stream({
  onFull: mode === 'dropNewest' ? 'dropNewest' : 'reject',
  maxEventsPerSecond: Infinity,
  onUndelivered: (events) => (undelivered += events.length),
});

const measure = (): { heap: number; rss: number } => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
};
const before = measure();
let accepted = 0;
let refused = 0;
const TOTAL = 1_000_000;
for (let i = 0; i < TOTAL; i++) {
  const event = { event_name: 'api_call', payload: { stripe_customer_id: `cus_${i % 1000}`, value: String(i % 100) } };
  if (mode === 'trySend') {
    if (stream.trySend(event)) accepted++;
    else refused++;
  } else {
    stream.send(event).then(
      () => accepted++,
      () => refused++,
    );
  }
  if (i % 10_000 === 0) await new Promise((r) => setImmediate(r)); // let the pump and sockets run
}
await new Promise((r) => setTimeout(r, 200));
const stats = stream.stats();
const after = measure();
process.stdout.write(
  JSON.stringify({ mode, before, after, accepted, refused, undelivered, queueDepth: stats.queueDepth, queueBytes: stats.queueBytes, inFlight: stats.inFlightEvents, dropped: stats.dropped, rejected: stats.rejected }) + '\n',
);
await stream.close({ timeoutMs: 0 });
await transport.close();
await mock.close();
process.exit(0);
