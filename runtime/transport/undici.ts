// Default Node transport: one undici Pool per origin (keep-alive, pipelining 1,
// 16 connections), created on first use. Measured ~2.8x Node's global fetch for
// small JSON POSTs. Uses the low-level `dispatch` API: body chunks go straight
// into a buffer (no stream object per request), and the handler's controller
// gives us abort without an AbortController. This is the only module that
// imports undici, and the client loads it lazily so importing the runtime stays cheap.

import { Pool, type Dispatcher } from 'undici';
import { TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './types.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export interface UndiciTransportOptions {
  connections?: number;
}

export class UndiciTransport implements Transport {
  private readonly pools = new Map<string, Pool>();
  private readonly connections: number;

  constructor(opts: UndiciTransportOptions = {}) {
    this.connections = opts.connections ?? 16;
  }

  private pool(origin: string): Pool {
    let p = this.pools.get(origin);
    if (!p) {
      p = new Pool(origin, { connections: this.connections, pipelining: 1 });
      this.pools.set(origin, p);
    }
    return p;
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      const signal = req.signal;
      if (signal?.aborted) return reject(new TransportFailure('aborted', 'Request aborted by the caller'));
      let controller: Dispatcher.DispatchController | undefined;
      // Why the request was cut short by us, if it was; applied as soon as undici hands us its controller.
      let cut: TransportFailure | undefined;
      let statusCode = 0;
      let headers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      let settled = false;

      const stop = (failure: TransportFailure): void => {
        cut ??= failure;
        controller?.abort(failure);
      };
      // undici's own headersTimeout/bodyTimeout run on a ~1 s coarse clock and bound phases, not
      // the whole attempt; this timer bounds the attempt precisely. They stay as a backstop.
      const timer = setTimeout(() => stop(new TransportFailure('timeout', 'Request timed out')), req.timeoutMs);
      const onAbort = (): void => stop(new TransportFailure('aborted', 'Request aborted by the caller'));
      signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (err: TransportFailure | undefined, res?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (cut) c.abort(cut);
        },
        onResponseStart(_c, status, h) {
          statusCode = status;
          headers = {};
          for (const k of Object.keys(h)) {
            const v = h[k];
            if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          }
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          const bodyText = bytes.toString('utf8');
          finish(undefined, req.binary ? { statusCode, headers, bodyText, bodyBytes: new Uint8Array(bytes) } : { statusCode, headers, bodyText });
        },
        onResponseError(_c, err) {
          finish(cut ?? classify(err));
        },
      };
      try {
        this.pool(req.origin).dispatch(
          { method: req.method, path: req.path, headers: req.headers, body: req.body, headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs },
          handler,
        );
      } catch (e) {
        finish(classify(e));
      }
    });
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}

function classify(e: unknown): TransportFailure {
  if (e instanceof TransportFailure) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return new TransportFailure('timeout', 'Request timed out', { cause: e });
  const msg = e instanceof Error ? e.message : String(e);
  return new TransportFailure('connection', msg, { cause: e });
}
