// Runs the mock Stripe server as a process (e.g. `npx tsx test/support/mock-server-main.ts`).
// Prints `MOCK_STRIPE_PORT=<port>` once listening; PORT=<n> picks the port. Stops on SIGINT/SIGTERM.

import { startMockStripe } from './mock-server.js';

const mock = await startMockStripe({ port: Number(process.env.PORT ?? 0) });
process.stdout.write(`MOCK_STRIPE_PORT=${mock.port}\n`);
const stop = (): void => {
  void mock.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
