// Full-jitter exponential backoff (AWS architecture blog's "full jitter"):
// spreads retries of many batches evenly instead of in synchronized waves.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  random: () => number;
}

/** Delay before retry number `attempt` (0-based): uniform in [0, min(cap, base * 2^attempt)). */
export function fullJitter(attempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 52));
  return policy.random() * ceiling;
}

/** Honours the server's Retry-After as a floor; otherwise plain full jitter. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: BackoffPolicy): number {
  const jitter = fullJitter(attempt, policy);
  return retryAfterMs === undefined ? jitter : Math.max(retryAfterMs, jitter);
}
