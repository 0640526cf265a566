// Lean HTTP/1.1 server for bench/runtime, run as its own process so the client,
// not the server, is what gets measured. Answers GET /v1/customers/:id with one
// fixed customer object (Stripe's example from fixtures3.json when present),
// prebuilt once. GET /__bench/cpu returns this process's CPU time so the bench
// can tell whether the server was the bottleneck. Prints `BENCH_SERVER_PORT=<n>`.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

function customer(): Record<string, unknown> {
  try {
    const path = fileURLToPath(new URL('../../shared/spec/stripe/fixtures3.json', import.meta.url));
    const c = (JSON.parse(readFileSync(path, 'utf8')) as { resources?: Record<string, Record<string, unknown>> }).resources?.customer;
    if (c) return { ...c, id: 'cus_123' };
  } catch {
    // Fall through to the inline object.
  }
  return {
    id: 'cus_123',
    object: 'customer',
    address: null,
    balance: 0,
    created: 1234567890,
    currency: 'usd',
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: 'jenny.rosen@example.com',
    invoice_prefix: '0759376C',
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: 'Jenny Rosen',
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

const body = Buffer.from(JSON.stringify(customer()));
const okHeaders = [
  'Content-Type', 'application/json',
  'Content-Length', String(body.length),
  'Request-Id', 'req_bench',
  'Stripe-Version', '2023-08-16',
];
const notFound = Buffer.from('{"error":{"type":"invalid_request_error","message":"Unrecognized request URL"}}');
const notFoundHeaders = ['Content-Type', 'application/json', 'Content-Length', String(notFound.length)];

const server = createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.startsWith('/v1/customers/')) {
    res.writeHead(200, okHeaders);
    res.end(body);
  } else if (url === '/__bench/cpu') {
    const u = process.cpuUsage();
    const b = Buffer.from(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() }));
    res.writeHead(200, ['Content-Type', 'application/json', 'Content-Length', String(b.length)]);
    res.end(b);
  } else {
    // Drain whatever body came with it so the connection stays usable.
    req.resume();
    res.writeHead(404, notFoundHeaders);
    res.end(notFound);
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`BENCH_SERVER_PORT=${(server.address() as AddressInfo).port}\n`);
});
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started by bench/runtime.ts: go away with the parent even if it dies without killing us.
if (process.env.BENCH_EXIT_ON_STDIN_CLOSE === '1') {
  process.stdin.on('close', stop);
  process.stdin.resume();
}
