// Run the CLI in-process with captured output.
import { Writable } from 'node:stream';
import { main } from '../../generator/cli.js';

function capture() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, text: () => text };
}

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await main(args, { out: out.stream as unknown as typeof process.stdout, err: err.stream as unknown as typeof process.stderr });
  return { code, out: out.text(), err: err.text() };
}
