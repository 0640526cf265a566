// The one meter-event session token shared by every batch. Its lifetime is
// taken from the server's `expires_at - created` and laid on the local
// monotonic clock from the moment the request started, so a skewed server or
// local wall clock cannot make us use a dead token. Refresh is single-flight
// and proactive: inside the refresh window the old token keeps serving until
// the new one arrives.
//
// A session request is bounded by the stream's requestTimeoutMs (not the
// client's 80 s and retries), and its answer is checked: a response without a
// usable token is a retryable MeterEventSessionError, never a cached
// `undefined`. The token's content is the server's business: any non-empty
// string is used as given.

import { classifyError } from './classify.js';
import type { MeterEventClock } from './clock.js';
import { MeterEventSessionError } from './errors.js';
import type { MeterEventTransport } from './transport.js';

/** Used when the server's dates are unreadable: Stripe documents 15 minutes. */
const DEFAULT_LIFETIME_MS = 15 * 60 * 1000;
/** When the lifetime is shorter than the margin, refresh at this fraction of it. */
const SHORT_LIFETIME_FRACTION = 0.8;
/** After a failed background refresh, wait this long before trying in the background again. */
const BACKGROUND_RETRY_MS = 1000;
/** Tokens remembered for scrubbing error messages (the current one and a few before it). */
const REMEMBERED_TOKENS = 4;

export interface SessionOptions {
  refreshMarginMs: number;
  requestTimeoutMs: number;
  /** Aborted when the stream gives up (close() past its deadline). */
  signal: AbortSignal;
  /** A background refresh was refused for a reason retrying cannot fix (revoked key): said at once, not at expiry. */
  onBackgroundRefusal?: (error: MeterEventSessionError) => void;
}

export class SessionManager {
  private token: string | null = null;
  private refreshAt = 0;
  private expiresAt = 0;
  private pending: Promise<string> | null = null;
  private nextBackgroundTry = 0;
  private refusalReported = false;
  /** Recent tokens, so no error message can carry one (or a piece of one). */
  readonly secrets: string[] = [];
  refreshes = 0;

  constructor(
    private readonly transport: MeterEventTransport,
    private readonly clock: MeterEventClock,
    private readonly o: SessionOptions,
  ) {}

  /** A usable token: the current one while valid (refreshing it in the background when due), else a fresh one. */
  getToken(): Promise<string> {
    const token = this.peek();
    return token !== null ? Promise.resolve(token) : this.refresh();
  }

  /** The current token if it can be used now (starting a background refresh when one is due), else null. */
  peek(): string | null {
    const now = this.clock.now();
    if (this.token === null || now >= this.expiresAt) return null;
    if (now >= this.refreshAt && this.pending === null && now >= this.nextBackgroundTry) {
      this.refresh().catch((err: unknown) => {
        // The next batch retries in the background; a refusal that retrying cannot fix is said now.
        this.nextBackgroundTry = this.clock.now() + BACKGROUND_RETRY_MS;
        if (!this.refusalReported && classifyError(err, this.clock.wallNow()).kind === 'fatal') {
          this.refusalReported = true;
          const left = Math.max(0, Math.round((this.expiresAt - this.clock.now()) / 1000));
          this.o.onBackgroundRefusal?.(
            new MeterEventSessionError(`session refresh refused; the current session expires in ${left} s, then the stream stops`, err, this.secrets),
          );
        }
      });
    }
    return this.token;
  }

  /** The server said `token` expired: forget it (unless a newer one already replaced it). */
  invalidate(token: string): void {
    if (this.token === token) this.token = null;
  }

  /** Single-flight: concurrent callers share one createSession call. */
  refresh(): Promise<string> {
    this.pending ??= this.create().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async create(): Promise<string> {
    const started = this.clock.now();
    const info = await this.request();
    if (info === null || typeof info !== 'object') throw new MeterEventSessionError('malformed meter event session response: not an object');
    const token: unknown = (info as { authentication_token?: unknown }).authentication_token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new MeterEventSessionError('malformed meter event session response: no authentication_token');
    }
    let lifetime = Date.parse(info.expires_at) - Date.parse(info.created);
    if (!Number.isFinite(lifetime)) lifetime = DEFAULT_LIFETIME_MS;
    lifetime = Math.max(0, lifetime);
    const refreshAfter = lifetime > this.o.refreshMarginMs ? lifetime - this.o.refreshMarginMs : lifetime * SHORT_LIFETIME_FRACTION;
    this.token = token;
    this.secrets.unshift(token);
    if (this.secrets.length > REMEMBERED_TOKENS) this.secrets.pop();
    this.expiresAt = started + lifetime;
    this.refreshAt = started + refreshAfter;
    this.refreshes++;
    this.refusalReported = false;
    return token;
  }

  /** One session request, cut off after requestTimeoutMs (or when the stream gives up). */
  private async request(): Promise<Awaited<ReturnType<MeterEventTransport['createSession']>>> {
    const { signal, requestTimeoutMs } = this.o;
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, requestTimeoutMs);
    try {
      return await this.transport.createSession(controller.signal, requestTimeoutMs);
    } catch (err) {
      if (timedOut) throw new MeterEventSessionError(`meter event session request timed out after ${requestTimeoutMs} ms`);
      throw err;
    } finally {
      this.clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
