// Wires the streaming core to a client: sessions come from the generated
// `v2.billing.meterEventSession.create`, batches go through the client's request
// path to the stream endpoint's own host with the session token as the key.
// The core does its own retries, so each send is a single attempt here. The
// request is prepared once per session token and only its body changes from
// batch to batch; it carries a lean header set (Authorization, Content-Type,
// Stripe-Version, User-Agent): Stripe deduplicates events by identifier, so a
// generated Idempotency-Key adds nothing, and Accept and the telemetry header
// would be written and parsed on both ends up to 10 000 times a second. The
// session call itself carries the full set.
import type { StripeClient } from '../client.js';
import type { RequestOptions } from '../config.js';
import type { PreparedCall } from '../request.js';
import type { MethodSpec } from '../spec.js';
import type { MeterEventSessionInfo, MeterEventTransport } from './transport.js';

export interface MeterEventClientDeps {
  /** The generated session method, e.g. `(o) => stripe.v2.billing.meterEventSession.create(undefined, o)`. */
  readonly createSession: (options: RequestOptions) => Promise<MeterEventSessionInfo>;
  /** The stream endpoint's MethodSpec (`POST /v2/billing/meter_event_stream` on meter-events.stripe.com). */
  readonly streamSpec: MethodSpec;
}

const LEAN_HEADERS = ['Authorization', 'Content-Type', 'Stripe-Version', 'User-Agent', 'Stripe-Account', 'Stripe-Context'];

function pick(headers: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (headers[n] !== undefined) out[n] = headers[n];
  return out;
}

export function meterEventTransport(client: StripeClient, deps: MeterEventClientDeps): MeterEventTransport {
  let token = '';
  let prepared: PreparedCall | undefined;
  return {
    async createSession(signal, timeoutMs) {
      // One attempt within the stream's own timeout: the stream retries, the client must not add its 80 s and 2 retries.
      const options: RequestOptions = { maxNetworkRetries: 0 };
      if (signal) options.signal = signal;
      if (timeoutMs !== undefined) options.timeout = timeoutMs;
      const s = (await deps.createSession(options)) as Partial<MeterEventSessionInfo> | null | undefined;
      // Passed on as received: the session manager checks it and says what is missing.
      return { authentication_token: s?.authentication_token as string, created: s?.created as string, expires_at: s?.expires_at as string };
    },
    async sendBatch(body, sessionToken, signal) {
      if (prepared === undefined || sessionToken !== token) {
        const call = client._prepare(deps.streamSpec, [], undefined, { apiKey: sessionToken, maxNetworkRetries: 0 });
        prepared = { ...call, headers: pick(call.headers, LEAN_HEADERS), idempotencyKey: undefined };
        token = sessionToken;
      }
      await client._sendPrepared({ ...prepared, body, signal });
    },
  };
}
