// npm run demo:meter — the meter-event streaming core in one command.
// Starts the meter-event mock server (test/support/meter-mock-main.ts) in its own process,
// streams 200 000 events through `stripe.meterEvents.stream()` with a progress bar, kills
// the session halfway (the server expires every token, so the next batches get
// 401 billing_meter_event_session_expired: the stream refreshes the session and resends the
// same bytes), fails a few requests with 500 at 75% (retried with backoff), then closes the
// stream and prints throughput, refreshes, retries, the final stats and what the server got.
// Env: EVENTS (200000), RATE (events/s for the stream's token bucket, default 50000; Infinity = unthrottled).

import Stripe from '../generated/dist/esm/index.js';
import { API_KEY, HOST, startMock } from './meter-stream-events.js';

const TOTAL = Number(process.env.EVENTS ?? 200_000);
const RATE = Number(process.env.RATE ?? 50_000);
const out = process.stdout;
const tty = out.isTTY === true;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

// A tiny progress bar: redrawn in place on a terminal, a line per quarter otherwise.
let lastQuarter = -1;
function progress(done: number, note: string): void {
  const width = 30;
  const frac = Math.min(1, done / TOTAL);
  const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
  const line = `[${bar}] ${String(Math.floor(frac * 100)).padStart(3)}%  ${fmt(done).padStart(7)}/${fmt(TOTAL)} delivered  ${note}`;
  if (tty) out.write(`\r${line.padEnd(110)}`);
  else if (Math.floor(frac * 4) > lastQuarter) {
    lastQuarter = Math.floor(frac * 4);
    out.write(`${line}\n`);
  }
}
const say = (text: string): void => {
  if (tty) out.write(`\r${' '.repeat(110)}\r`);
  out.write(`${text}\n`);
};

const mock = await startMock(['--record', 'raw']);
say(`meter-event mock server on http://${HOST}:${mock.port} (separate process, pid ${mock.proc.pid})`);
const stripe = new Stripe(API_KEY, { host: HOST, port: mock.port, protocol: 'http' });
const errors: string[] = [];
const stream = stripe.meterEvents.stream({
  maxEventsPerSecond: RATE,
  onError: (e) => errors.push(`${e.name}: ${e.message}`),
});
say(`streaming ${fmt(TOTAL)} events: batches of up to 100, 8 requests in flight, token bucket ${Number.isFinite(RATE) ? `${fmt(RATE)} events/s` : 'off'}`);

const started = performance.now();
let sampleAt = started;
let sampleSent = 0;
let rateNow = 0;
const draw = (): void => {
  const s = stream.stats();
  const now = performance.now();
  if (now - sampleAt >= 250) {
    rateNow = ((s.sent - sampleSent) * 1000) / (now - sampleAt);
    sampleAt = now;
    sampleSent = s.sent;
  }
  progress(s.sent, `${fmt(rateNow).padStart(7)} events/s  sessions ${s.sessionRefreshes}  expired-resends ${s.sessionExpiredResends}  retries ${s.retried}`);
};
const ticker = setInterval(draw, 100);

for (let i = 0; i < TOTAL; i++) {
  if (i === Math.floor(TOTAL / 2)) {
    await mock.control('expire-tokens');
    say(`>> ${fmt(i)} events in: the server just expired the session token (next batches get 401 billing_meter_event_session_expired)`);
  }
  if (i === Math.floor((TOTAL * 3) / 4)) {
    await mock.control('server-errors?n=3');
    say(`>> ${fmt(i)} events in: the server will answer the next 3 requests with 500`);
  }
  // identifier and timestamp are filled in by the stream at send().
  await stream.send({ event_name: 'api_requests', payload: { stripe_customer_id: `cus_${i % 50}`, value: String((i % 9) + 1) } });
}
const result = await stream.close();
const elapsedS = (performance.now() - started) / 1000;
clearInterval(ticker);
draw();
if (tty) out.write('\n');

const s = stream.stats();
const server = await mock.stats();
await stripe.close();
mock.stop();

const rows: [string, string][] = [
  ['throughput', `${fmt(result.sent / elapsedS)} events/s (${fmt(result.sent)} events in ${elapsedS.toFixed(2)} s, limited by the ${Number.isFinite(RATE) ? `${fmt(RATE)}/s token bucket` : 'client and server'})`],
  ['sessions created', `${s.sessionRefreshes} (the first, plus the refresh after the server killed it)`],
  ['expired-session resends', `${s.sessionExpiredResends} batches resent byte for byte with the new token`],
  ['retries', `${s.retried} (the 500s, with full-jitter backoff)`],
  ['close()', `sent ${fmt(result.sent)}, failed ${result.failed}, dropped ${result.dropped}, pending ${result.pending.length}`],
  ['responses', JSON.stringify(s.responses)],
  ['batches', `${fmt(s.batches.count)} requests, mean ${s.batches.meanSize.toFixed(1)} events, max ${s.batches.maxSize}, sizes ${JSON.stringify(s.batches.histogram)}`],
  ['request latency', `p50 ${s.latencyMs.p50.toFixed(2)} ms, p90 ${s.latencyMs.p90.toFixed(2)} ms, p99 ${s.latencyMs.p99.toFixed(2)} ms, max ${s.latencyMs.max.toFixed(2)} ms`],
  ['queue now', `depth ${s.queueDepth}, in flight ${s.inFlightRequests}, rejected ${JSON.stringify(s.rejected)}, failed ${JSON.stringify(s.failed)}`],
  ['errors reported', errors.length === 0 ? 'none' : `${errors.length}: ${errors.slice(0, 3).join(' | ')}`],
  ['server received', `${fmt(server.distinctEvents ?? server.eventCount)} distinct events (${fmt(server.eventCount)} copies) in ${fmt(server.streamRequests)} requests; HTTP statuses ${JSON.stringify(server.statusCounts)}`],
];
const width = Math.max(...rows.map(([k]) => k.length));
out.write('\n== meter-event stream demo ==\n');
for (const [k, v] of rows) out.write(`${k.padEnd(width)}  ${v}\n`);
const ok = result.sent === TOTAL && server.distinctEvents === TOTAL && result.pending.length === 0;
const once = server.eventCount === TOTAL ? 'exactly once' : `(${fmt(server.eventCount - TOTAL)} duplicate copies, deduplicated by identifier)`;
out.write(ok ? `\nOK: all ${fmt(TOTAL)} events delivered ${once}, across a killed session and server errors.\n` : '\nNOT OK: see above.\n');
process.exit(ok ? 0 : 1);
