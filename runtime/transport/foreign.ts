// Adapter for an httpClient written for stripe-node (its HttpClient interface:
// `makeRequest(host, port, path, method, headers, body, protocol, timeout)`
// resolving to a response with getStatusCode/getHeaders/toJSON), so code that
// passes one, e.g. stripe-node's own `Stripe.createFetchHttpClient()`, works.

import { TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './types.js';

export interface StripeNodeHttpClientResponse {
  getStatusCode(): number;
  getHeaders(): Record<string, string | string[] | undefined>;
  toJSON(): Promise<unknown>;
}

export interface StripeNodeHttpClient {
  makeRequest(
    host: string,
    port: string,
    path: string,
    method: string,
    headers: Record<string, string>,
    requestData: string | Uint8Array,
    protocol: string,
    timeout: number,
  ): Promise<StripeNodeHttpClientResponse>;
  getClientName?(): string;
}

export function isStripeNodeHttpClient(x: unknown): x is StripeNodeHttpClient {
  return typeof (x as StripeNodeHttpClient | null)?.makeRequest === 'function';
}

export class ForeignHttpClientTransport implements Transport {
  constructor(private readonly client: StripeNodeHttpClient) {}

  async request(req: TransportRequest): Promise<TransportResponse> {
    if (req.signal?.aborted) throw new TransportFailure('aborted', 'Request aborted by the caller');
    const url = new URL(req.origin);
    const protocol = url.protocol.slice(0, -1);
    const port = url.port || (protocol === 'https' ? '443' : '80');
    let res: StripeNodeHttpClientResponse;
    try {
      res = await this.client.makeRequest(url.hostname, port, req.path, req.method, { ...req.headers }, req.body ?? '', protocol, req.timeoutMs);
    } catch (e) {
      // stripe-node's clients report their timeout as code ETIMEDOUT.
      const kind = (e as { code?: unknown } | null)?.code === 'ETIMEDOUT' ? 'timeout' : 'connection';
      throw new TransportFailure(kind, e instanceof Error ? e.message : String(e), { cause: e });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.getHeaders())) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown;
    try {
      body = await res.toJSON();
    } catch (e) {
      throw new TransportFailure('connection', `the httpClient's response body could not be read as JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return { statusCode: res.getStatusCode(), headers, bodyText: JSON.stringify(body) };
  }

  async close(): Promise<void> {
    // The client is the caller's.
  }
}
