// A test-only MeterEventTransport over undici's Pool, talking to meter-mock.
// (Production wiring goes through the generated client.) It maps answers to
// duck-typed errors shaped like the runtime's StripeError subclasses.

import { Pool } from 'undici';
import type { MeterEventSessionInfo, MeterEventTransport } from '../../runtime/meter-events/transport.js';
import { SESSION_PATH, STREAM_PATH } from './meter-mock.js';

export class MockApiError extends Error {
  override name = 'StripeAPIError';
  constructor(
    readonly statusCode: number,
    readonly code: string | undefined,
    readonly type: string | undefined,
    readonly headers: Record<string, string>,
    message: string,
  ) {
    super(message);
  }
}

export class MockConnectionError extends Error {
  override name = 'StripeConnectionError';
}

export interface MockTransport extends MeterEventTransport {
  close(): Promise<void>;
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function createMockTransport(url: string, options: { apiKey?: string; connections?: number } = {}): MockTransport {
  const pool = new Pool(url, { connections: options.connections ?? 8, pipelining: 1, keepAliveTimeout: 30_000 });
  const apiKey = options.apiKey ?? 'sk_test_mock';

  async function post(path: string, auth: string, body: string | Uint8Array | undefined, signal: AbortSignal | undefined): Promise<string> {
    let res;
    try {
      res = await pool.request({
        path,
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', 'stripe-version': '2026-07-29.preview' },
        body,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new MockConnectionError((err as Error).message);
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new MockConnectionError((err as Error).message);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return text;
    let error: { code?: string; type?: string; message?: string } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      // non-JSON error body
    }
    throw new MockApiError(res.statusCode, error.code, error.type, flatHeaders(res.headers), error.message ?? `HTTP ${res.statusCode}`);
  }

  return {
    async createSession(signal?: AbortSignal): Promise<MeterEventSessionInfo> {
      return JSON.parse(await post(SESSION_PATH, apiKey, '{}', signal)) as MeterEventSessionInfo;
    },
    async sendBatch(body: Uint8Array, token: string, signal: AbortSignal): Promise<void> {
      await post(STREAM_PATH, token, body, signal);
    },
    close: () => pool.destroy(),
  };
}
