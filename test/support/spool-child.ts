// Child process for the spool tests. Usage: node --import tsx test/support/spool-child.ts <mode> <dir> [...]
//   hold <dir>                 open the spool, print "ready", wait until killed (lock tests)
//   produce <dir> <events>     append events as the stream would (one per send(), batches of 100
//                              acknowledged out of order with up to 8 in flight, some never), print
//                              progress; slows down past half so that a kill lands mid-stream
//   noclose <dir>              append 10 events and end without close(): the process must still exit
//   recover <dir> <outFile>    open the spool, write every recovered event's JSON as one line to outFile
// Events are made by spoolEvent(i) so the parent can rebuild their exact bytes.
// When the stream is wired to the spool, `produce` becomes stream.send() against a local server and
// `recover` opens a stream on the same folder; the parent's checks stay as they are.

import { writeFileSync } from 'node:fs';
import { openSpool } from '../../runtime/meter-events/spool/index.js';
import { BATCH, spoolEvent, spoolId } from './spool-events.js';

const utf8 = new TextEncoder();

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function produce(dir: string, total: number): Promise<void> {
  const spool = openSpool({ dir, segmentBytes: 256 * 1024 });
  let seed = 42;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const inFlight: number[] = [];
  const ackBatch = (b: number): void => {
    say(`k ${b}`); // intent first: a kill between the two lines leaves the ack possibly written
    const ids: string[] = [];
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) ids.push(spoolId(i));
    spool.ack(ids);
    say(`K ${b}`);
  };
  for (let i = 0; i < total; i++) {
    const id = spoolId(i);
    spool.append([{ identifier: id, bytes: utf8.encode(spoolEvent(i)) }]);
    if ((i + 1) % BATCH !== 0) continue;
    say(`A ${i + 1}`);
    const b = (i + 1) / BATCH - 1;
    if (random() >= 0.1) inFlight.push(b); // one batch in ten stays unacknowledged (retrying when the process dies)
    if (inFlight.length >= 8) ackBatch(inFlight.splice(Math.floor(random() * inFlight.length), 1)[0]);
    if (i + 1 === total / 2) say('HALF');
    await new Promise((r) => (i + 1 > total / 2 ? setTimeout(r, 2) : setImmediate(r)));
  }
  say('DONE');
  await new Promise(() => {}); // a producer still running: only the kill ends it
}

async function recover(dir: string, outFile: string): Promise<void> {
  const spool = openSpool({ dir, onCorruption: (e) => say(`CORRUPT ${e.message}`) });
  const lines: string[] = [];
  const text = new TextDecoder();
  for (const e of spool.recover()) lines.push(text.decode(e.bytes));
  writeFileSync(outFile, lines.join('\n'));
  await spool.close();
  say(`RECOVERED ${lines.length}`);
}

const [mode, dir, arg] = process.argv.slice(2);
if (mode === 'hold') {
  openSpool({ dir });
  say('ready');
  setInterval(() => {}, 1 << 30);
} else if (mode === 'noclose') {
  const spool = openSpool({ dir });
  for (let i = 0; i < 10; i++) spool.append([{ identifier: spoolId(i), bytes: utf8.encode(spoolEvent(i)) }]);
  say('appended');
} else if (mode === 'produce') {
  await produce(dir, Number(arg));
} else if (mode === 'recover') {
  await recover(dir, arg);
} else {
  throw new Error(`unknown mode ${mode}`);
}
