// One contender of bench/runtime, in its own process, driven by the parent over IPC so that
// all contenders can be measured in short interleaved slices (machine noise then hits them
// alike). While a slice runs, N concurrent callers loop `retrieve('cus_123')`; between
// slices the process is idle.
// Started by bench/runtime.ts as: node --import tsx bench/runtime-load.ts <ours|stripe-node|undici-pool|fetch> <port> <concurrency>
// Messages in:  {type:'run', ms, measure}  |  {type:'finish'}
// Messages out: {type:'ready'}  |  {type:'slice', count, elapsedMs, cpuUs, errors}  |  {type:'done', p50, p99, errors, firstError}

type Call = () => Promise<{ id?: unknown }>;

export type LoadMessage = { type: 'run'; ms: number; measure: boolean } | { type: 'finish' };
export type LoadReply =
  | { type: 'ready' }
  | { type: 'slice'; count: number; elapsedMs: number; cpuUs: number; errors: number }
  | { type: 'done'; p50: number; p99: number; errors: number; firstError?: string };

const [name = 'ours', portArg = '0', concArg = '8'] = process.argv.slice(2);
const port = Number(portArg);
const concurrency = Number(concArg);
const host = '127.0.0.1';
const origin = `http://${host}:${port}`;
const KEY = 'sk_test_bench_0123456789abcdef';
/** Connections for the raw pool: the same as the client's default undici transport. */
const POOL_CONNECTIONS = 16;

async function makeCall(): Promise<{ call: Call; close: () => Promise<void> }> {
  switch (name) {
    case 'ours': {
      const { default: Stripe } = await import('../generated/dist/esm/index.js');
      const stripe = new Stripe(KEY, { host, port, protocol: 'http' });
      return { call: () => stripe.customers.retrieve('cus_123'), close: () => stripe.close() };
    }
    case 'stripe-node': {
      const { default: Stripe } = await import('stripe');
      const stripe = new Stripe(KEY, { host, port, protocol: 'http' });
      return { call: () => stripe.customers.retrieve('cus_123'), close: async () => {} };
    }
    case 'undici-pool': {
      const { Pool } = await import('undici');
      const pool = new Pool(origin, { connections: POOL_CONNECTIONS, pipelining: 1 });
      const headers = { Accept: 'application/json', Authorization: `Bearer ${KEY}` };
      return {
        call: async () => {
          const res = await pool.request({ method: 'GET', path: '/v1/customers/cus_123', headers });
          return JSON.parse(await res.body.text()) as { id?: unknown };
        },
        close: () => pool.close(),
      };
    }
    case 'fetch': {
      const headers = { Accept: 'application/json', Authorization: `Bearer ${KEY}` };
      return {
        call: async () => {
          const res = await fetch(`${origin}/v1/customers/cus_123`, { headers });
          return JSON.parse(await res.text()) as { id?: unknown };
        },
        close: async () => {},
      };
    }
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

const send = (m: LoadReply): Promise<void> =>
  new Promise((resolve) => {
    process.send!(m, undefined, {}, () => resolve());
  });

const { call, close } = await makeCall();

// Sanity check before timing: the answer must be the customer.
const first = await call();
if (first.id !== 'cus_123') throw new Error(`${name}: unexpected response ${JSON.stringify(first).slice(0, 200)}`);

let errors = 0;
let firstError: string | undefined;
const latencies: number[] = [];

/** Runs the callers for `ms`, then lets in-flight calls finish; counts calls completed in that time. */
async function slice(ms: number, measure: boolean): Promise<LoadReply> {
  let running = true;
  let count = 0;
  let sliceErrors = 0;
  const caller = async (): Promise<void> => {
    while (running) {
      const t0 = performance.now();
      try {
        const r = await call();
        if (r.id !== 'cus_123') throw new Error('wrong body');
        count++;
        if (measure) latencies.push(performance.now() - t0);
      } catch (e) {
        sliceErrors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const timer = setTimeout(() => {
    running = false;
  }, ms);
  await Promise.all(Array.from({ length: concurrency }, caller));
  clearTimeout(timer);
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (measure) errors += sliceErrors;
  return { type: 'slice', count, elapsedMs, cpuUs: cpu.user + cpu.system, errors: sliceErrors };
}

process.on('message', (m: LoadMessage) => {
  if (m.type === 'run') {
    void slice(m.ms, m.measure).then(send);
  } else if (m.type === 'finish') {
    latencies.sort((a, b) => a - b);
    const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
    void send({ type: 'done', p50: at(50), p99: at(99), errors, firstError })
      .then(close)
      .finally(() => process.exit(0));
  }
});
void send({ type: 'ready' });
