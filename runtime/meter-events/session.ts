// The one meter-event session token shared by every batch. Its lifetime is
// taken from the server's `expires_at - created` and laid on the local
// monotonic clock from the moment the request started, so a skewed server or
// local wall clock cannot make us use a dead token. Refresh is single-flight
// and proactive: inside the refresh window the old token keeps serving until
// the new one arrives.

import type { MeterEventClock } from './clock.js';
import type { MeterEventTransport } from './transport.js';

/** Used when the server's dates are unreadable: Stripe documents 15 minutes. */
const DEFAULT_LIFETIME_MS = 15 * 60 * 1000;
/** When the lifetime is shorter than the margin, refresh at this fraction of it. */
const SHORT_LIFETIME_FRACTION = 0.8;
/** After a failed background refresh, wait this long before trying in the background again. */
const BACKGROUND_RETRY_MS = 1000;

export class SessionManager {
  private token: string | null = null;
  private refreshAt = 0;
  private expiresAt = 0;
  private pending: Promise<string> | null = null;
  private nextBackgroundTry = 0;
  refreshes = 0;

  constructor(
    private readonly transport: MeterEventTransport,
    private readonly clock: MeterEventClock,
    private readonly refreshMarginMs: number,
    private readonly signal: AbortSignal,
  ) {}

  /** A usable token: the current one while valid (refreshing it in the background when due), else a fresh one. */
  getToken(): Promise<string> {
    const now = this.clock.now();
    if (this.token !== null && now < this.expiresAt) {
      if (now >= this.refreshAt && this.pending === null && now >= this.nextBackgroundTry) {
        this.refresh().catch(() => {
          // The next batch retries; failures that matter surface when the token is actually gone.
          this.nextBackgroundTry = this.clock.now() + BACKGROUND_RETRY_MS;
        });
      }
      return Promise.resolve(this.token);
    }
    return this.refresh();
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
    const info = await this.transport.createSession(this.signal);
    let lifetime = Date.parse(info.expires_at) - Date.parse(info.created);
    if (!Number.isFinite(lifetime)) lifetime = DEFAULT_LIFETIME_MS;
    lifetime = Math.max(0, lifetime);
    const refreshAfter = lifetime > this.refreshMarginMs ? lifetime - this.refreshMarginMs : lifetime * SHORT_LIFETIME_FRACTION;
    this.token = info.authentication_token;
    this.expiresAt = started + lifetime;
    this.refreshAt = started + refreshAfter;
    this.refreshes++;
    return info.authentication_token;
  }
}
