// Opt-in process hooks: on SIGTERM (or chosen signals) close the stream with a
// deadline and then let the signal do its default job; when the event loop
// drains ('beforeExit'), flush what is still queued. (A stream with events on
// their way already keeps the process alive, see keep-alive.ts; the flush only
// skips the linger wait.)

import type { MeterEventStream } from './stream.js';
import type { ShutdownHookOptions } from './types.js';

const DEFAULT_SIGNAL_TIMEOUT_MS = 10_000;

/** Installs the hooks and returns a function that removes them. */
export function installShutdownHook(stream: MeterEventStream, options: ShutdownHookOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM'];
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGNAL_TIMEOUT_MS;
  const reraise = options.reraise ?? true;
  const onBeforeExit = (): void => {
    const s = stream.stats();
    if (!s.closed && !s.fatal && (s.queueDepth > 0 || s.inFlightRequests > 0)) stream.flush().catch(() => {});
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    uninstall();
    void stream
      .close({ timeoutMs })
      .catch(() => undefined)
      .then(() => {
        // Our listener is gone: with no other listener the default action (exit) applies.
        if (reraise && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };
  let installed = true;
  function uninstall(): void {
    if (!installed) return;
    installed = false;
    for (const sig of signals) process.removeListener(sig, onSignal);
    process.removeListener('beforeExit', onBeforeExit);
  }
  for (const sig of signals) process.on(sig, onSignal);
  if (options.flushOnBeforeExit ?? true) process.on('beforeExit', onBeforeExit);
  return uninstall;
}
