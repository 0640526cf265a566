// Child process for the spool tests. Usage: node --import tsx test/support/spool-child.ts <mode> <dir> [...]
//   hold <dir>                    open the spool, print "ready", wait until killed (lock tests)
//   produce <dir> <port> <events> <file>  stream events through the generated client with `spool: { dir }`
//                                 to the meter mock on <port>, `await send()` each and append its index to
//                                 <file> once it resolved ("accepted": a blocking write, so a kill loses no
//                                 line); print "HALF" at half (the parent kills it then)
//   recover <dir> <port>          open a stream on the same folder, close it (delivering what it recovered),
//                                 print "ERROR <message>" per onError report and "RECOVERED <sent>"
// Events are made by spoolEvent(i) so the parent can rebuild their exact bytes.

import { openSync, writeSync } from 'node:fs';
import { systemClock } from '../../runtime/meter-events/clock.js';
import { openSpool } from '../../runtime/meter-events/spool/index.js';
import Stripe from '../../generated/index.js';
import { SPOOL_WALL, spoolEvent } from './spool-events.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
// Timestamps are fixed in the events; a fixed wall clock keeps them valid whatever today's date is.
const clock = { ...systemClock, wallNow: () => SPOOL_WALL };

function stream(dir: string, port: number, maxEventsPerSecond = Infinity) {
  const stripe = new Stripe('sk_test_spool_child', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
  });
  const s = stripe.meterEvents.stream({
    spool: { dir, segmentBytes: 256 * 1024 },
    lingerMs: 5,
    maxEventsPerSecond,
    clock,
    onError: (err) => say(`ERROR ${err.message}`),
  });
  return { stripe, s };
}

async function produce(dir: string, port: number, total: number, file: string): Promise<void> {
  // Sending is capped at 20 000 events/s, so the producer (faster) keeps a backlog queued: the kill
  // always finds accepted events not yet delivered, and the rest of the run outlasts the kill.
  const { s } = stream(dir, port, 20_000);
  const out = openSync(file, 'w');
  for (let i = 0; i < total; i++) {
    await s.send(JSON.parse(spoolEvent(i)) as Parameters<typeof s.send>[0]);
    writeSync(out, `${i}\n`);
    if (i + 1 === total / 2) say('HALF');
    if (i + 1 > total / 2 && (i + 1) % 100 === 0) await new Promise((r) => setTimeout(r, 2));
  }
  say('DONE');
  await new Promise(() => {}); // still running: only the kill ends it
}

async function recover(dir: string, port: number): Promise<void> {
  const { stripe, s } = stream(dir, port);
  const result = await s.close({ timeoutMs: 30_000 });
  await stripe.close();
  say(`RECOVERED ${result.sent} pending ${result.pending.length}`);
}

const [mode, dir, port, arg, file] = process.argv.slice(2);
if (mode === 'hold') {
  openSpool({ dir });
  say('ready');
  setInterval(() => {}, 1 << 30);
} else if (mode === 'produce') {
  await produce(dir, Number(port), Number(arg), file);
} else if (mode === 'recover') {
  await recover(dir, Number(port));
} else {
  throw new Error(`unknown mode ${mode}`);
}
