// Transport choice: WebSocket first, then Server-Sent Events, then long-poll. A transport is
// abandoned when it failed several times in a row without opening: 3 times if it never opened
// here (a proxy that refuses the upgrade), 8 times if it did, so a server restart (a few failed
// reconnects) keeps it but a move to a network that blocks it (a laptop joining a hotel or
// corporate network) does not strand the client on reconnects for ever. A client
// that fell back probes the preferred transport now and then and moves back up when it opens
// (the proxy was fixed, the laptop left the hotel network).

/** Transports in order of preference. */
export const TRANSPORTS = Object.freeze(['websocket', 'sse', 'poll']);

/** Decides which transport to try next. */
export class TransportPlan {
  /**
   * @param available transports this environment supports, in order of preference
   * @param maxFailuresBeforeOpen failures without any successful open before moving on
   * @param maxFailuresAfterOpen consecutive failures before moving on from a transport that has opened before
   */
  constructor(available = TRANSPORTS, maxFailuresBeforeOpen = 3, maxFailuresAfterOpen = 8) {
    this.order = TRANSPORTS.filter((t) => available.includes(t));
    if (this.order.length === 0) throw new Error('no transport available');
    this.index = 0;
    this.maxFailures = Math.max(1, maxFailuresBeforeOpen);
    this.maxFailuresAfterOpen = Math.max(this.maxFailures, maxFailuresAfterOpen);
    this.failures = 0;
    this.everOpened = false;
  }

  /** The transport to use now. */
  current() {
    return this.order[this.index];
  }

  /** The current transport opened: it works here, so it gets the longer allowance from now on. */
  opened() {
    this.everOpened = true;
    this.failures = 0;
  }

  /** Whether a better transport than the current one exists (the client fell back). */
  demoted() {
    return this.index > 0;
  }

  /** The most preferred transport. */
  preferred() {
    return this.order[0];
  }

  /** A probe of the preferred transport opened: use it from now on. */
  upgraded() {
    this.index = 0;
    this.failures = 0;
    this.everOpened = true;
  }

  /**
   * The current transport failed (closed or errored). Returns true when the plan moved on to
   * the next transport (the caller should then connect at once rather than back off).
   */
  failed() {
    this.failures += 1;
    const limit = this.everOpened ? this.maxFailuresAfterOpen : this.maxFailures;
    if (this.failures >= limit && this.index < this.order.length - 1) {
      this.index += 1;
      this.failures = 0;
      this.everOpened = false;
      return true;
    }
    return false;
  }
}

/** Which transports the environment `env` (a window or worker global) can use. */
export function availableTransports(env) {
  const out = [];
  if (env && typeof env.WebSocket === 'function') out.push('websocket');
  if (env && typeof env.EventSource === 'function') out.push('sse');
  if (env && typeof env.fetch === 'function') out.push('poll');
  return out;
}

/**
 * When to probe the preferred transport again after falling back: first after `firstMs`, then
 * twice as long after each failed probe, up to `maxMs`; each delay gets +-20% jitter so tabs that
 * fell back together do not probe together.
 */
export class ProbeSchedule {
  constructor(firstMs = 60000, maxMs = 30 * 60000, random = Math.random) {
    this.firstMs = Math.max(1, firstMs);
    this.maxMs = Math.max(this.firstMs, maxMs);
    this.random = random;
    this.base = this.firstMs;
  }

  /** The delay before the next probe. */
  next() {
    return Math.round(this.base * (0.8 + 0.4 * this.random()));
  }

  /** A probe failed: wait longer next time. */
  failed() {
    this.base = Math.min(this.maxMs, this.base * 2);
  }

  /** Back to the first delay (after an upgrade, or a new fallback). */
  reset() {
    this.base = this.firstMs;
  }
}
