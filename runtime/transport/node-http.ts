// Transport over node:http / node:https with a caller's Agent: how `httpAgent`
// (a proxy agent, a custom TLS agent) is honoured, as stripe-node's
// NodeHttpClient does. The default transport stays undici; this one is only
// built when an agent is given or `createNodeHttpClient()` is called.

import { TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './types.js';

type NodeHttp = typeof import('node:http');

function builtin(name: 'node:http' | 'node:https'): NodeHttp {
  // Looked up on first use so importing the runtime stays cheap (and edge bundles never load it).
  const mod = process.getBuiltinModule?.(name) as NodeHttp | undefined;
  if (!mod) throw new TransportFailure('connection', `${name} is not available in this runtime`);
  return mod;
}

export class NodeHttpTransport implements Transport {
  /** `agent` is a node:http(s) Agent; undefined uses Node's global agent. */
  constructor(readonly agent?: object) {}

  getClientName(): string {
    return 'node';
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new TransportFailure('aborted', 'Request aborted by the caller'));
      const url = new URL(req.origin);
      const http = builtin(url.protocol === 'https:' ? 'node:https' : 'node:http');
      let failure: TransportFailure | undefined;
      const r = http.request({
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || undefined,
        path: req.path,
        method: req.method,
        headers: req.headers,
        agent: this.agent as import('node:http').Agent | undefined,
      });
      const fail = (f: TransportFailure): void => {
        failure ??= f;
        r.destroy(f);
      };
      const timer = setTimeout(() => fail(new TransportFailure('timeout', 'Request timed out')), req.timeoutMs);
      const onAbort = (): void => fail(new TransportFailure('aborted', 'Request aborted by the caller'));
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      };
      r.on('error', (e) => {
        done();
        reject(failure ?? new TransportFailure('connection', e.message, { cause: e }));
      });
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => {
          done();
          reject(failure ?? new TransportFailure('connection', e.message, { cause: e }));
        });
        res.on('end', () => {
          done();
          if (!res.complete) return reject(failure ?? new TransportFailure('connection', 'The response ended before its body was complete'));
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          const bytes = Buffer.concat(chunks);
          const out: TransportResponse = { statusCode: res.statusCode ?? 0, headers, bodyText: bytes.toString('utf8') };
          resolve(req.binary ? { ...out, bodyBytes: new Uint8Array(bytes) } : out);
        });
      });
      r.end(req.body);
    });
  }

  async close(): Promise<void> {
    // The agent is the caller's: its sockets are theirs to destroy.
  }
}
