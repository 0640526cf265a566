// Transport over a `fetch` function, for edge runtimes or when the caller
// injects one. The timeout is an AbortController timer that also covers reading
// the body; the caller's signal is forwarded and reported as `aborted`.

import { TransportFailure, type FetchFn, type Transport, type TransportRequest, type TransportResponse } from './types.js';

export class FetchTransport implements Transport {
  constructor(private readonly fetchFn: FetchFn) {}

  async request(req: TransportRequest): Promise<TransportResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, req.timeoutMs);
    const onAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (req.signal?.aborted) throw new TransportFailure('aborted', 'Request aborted by the caller');
      const res = await this.fetchFn(req.origin + req.path, {
        method: req.method,
        headers: req.headers,
        body: req.body as BodyInit | undefined,
        signal: controller.signal,
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        headers[k.toLowerCase()] = v;
      });
      if (req.binary) {
        const bodyBytes = new Uint8Array(await res.arrayBuffer());
        return { statusCode: res.status, headers, bodyText: new TextDecoder().decode(bodyBytes), bodyBytes };
      }
      return { statusCode: res.status, headers, bodyText: await res.text() };
    } catch (e) {
      if (e instanceof TransportFailure) throw e;
      if (req.signal?.aborted) throw new TransportFailure('aborted', 'Request aborted by the caller', { cause: e });
      if (timedOut) throw new TransportFailure('timeout', 'Request timed out', { cause: e });
      throw new TransportFailure('connection', e instanceof Error ? e.message : String(e), { cause: e });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    // Nothing pooled here: the fetch implementation owns its connections.
  }
}
