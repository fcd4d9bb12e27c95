// Reconnect delays: exponential growth with jitter (like the AWS architecture blog's "full
// jitter", but never below `baseMs`, so a failing server is not hammered at once), so that a
// server restart does not see every tab come back in the same millisecond.

/** Defaults: first retry after about 0.5 s, never more than 30 s apart. */
export const DEFAULT_BACKOFF = Object.freeze({ baseMs: 500, maxMs: 30000, factor: 2 });

/**
 * The delay before reconnect attempt number `attempt` (0 for the first retry): a uniformly random
 * value between `baseMs` and min(maxMs, baseMs * factor^attempt). `random` is injectable for tests.
 */
export function backoffDelay(attempt, options = DEFAULT_BACKOFF, random = Math.random) {
  const { baseMs, maxMs, factor } = { ...DEFAULT_BACKOFF, ...options };
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // Cap the exponent so that factor^n cannot overflow to Infinity on very long outages.
  const cap = Math.min(maxMs, baseMs * Math.pow(factor, Math.min(n, 30)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(baseMs + r * (Math.max(cap, baseMs) - baseMs));
}

/** Counts consecutive failures and hands out the next delay; reset() after a good connection. */
export class Backoff {
  constructor(options = DEFAULT_BACKOFF, random = Math.random) {
    this.options = { ...DEFAULT_BACKOFF, ...options };
    this.random = random;
    this.attempt = 0;
  }

  /** The delay for the next attempt; each call counts one more failure. */
  next() {
    return backoffDelay(this.attempt++, this.options, this.random);
  }

  reset() {
    this.attempt = 0;
  }
}
