// Test helper: a StripeClient pointed at a mock server, with the backoff sleep
// replaced by a recorder (no real waiting) and deterministic jitter.

import { StripeClient, type StripeConfig } from '../../runtime/index.js';
import type { MockStripe } from './mock-server.js';

export const TEST_KEY = 'sk_test_51MockKeyabcdefghijklmnop1234';
export const TEST_API_VERSION = '2024-06-20';

export interface TestClient {
  client: StripeClient;
  /** Every backoff delay the client asked for, in ms. */
  sleeps: number[];
}

export function mockClient(mock: MockStripe, config: StripeConfig = {}): TestClient {
  const sleeps: number[] = [];
  const client = new StripeClient(
    TEST_KEY,
    {
      host: mock.host,
      port: mock.port,
      protocol: 'http',
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      ...config,
    },
    { apiVersion: TEST_API_VERSION, packageVersion: '9.9.9' },
  );
  return { client, sleeps };
}
