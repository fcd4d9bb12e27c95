// Per-channel resume bookkeeping (wire protocol v1): which channels the page wants, the last
// epoch/offset seen on each, and what to do with an incoming event (deliver, drop, or resume).

/** What the client should do with one incoming event envelope. */
export const Verdict = Object.freeze({
  DELIVER: 'deliver',
  DUPLICATE: 'duplicate',
  GAP: 'gap',
  IGNORE: 'ignore',
});

/** Tracks wanted channels and their positions; it never talks to the network itself. */
export class ChannelBook {
  constructor() {
    /** channel -> { epoch, offset, resuming } ; offset is the last delivered offset or null. */
    this.channels = new Map();
  }

  /**
   * Adds a channel the page wants, optionally from a known position `since` ({epoch, offset}: what
   * the page saw before, e.g. before it went into the back/forward cache); returns false when it
   * was already wanted.
   */
  want(channel, since = null) {
    if (this.channels.has(channel)) return false;
    const known = since && typeof since.epoch === 'string' && Number.isInteger(since.offset);
    this.channels.set(channel, { epoch: known ? since.epoch : null, offset: known ? since.offset : null, resuming: false });
    return true;
  }

  /** Forgets a channel; returns false when it was not wanted. */
  drop(channel) {
    return this.channels.delete(channel);
  }

  has(channel) {
    return this.channels.has(channel);
  }

  /** The wanted channel names, in the order they were first wanted. */
  names() {
    return [...this.channels.keys()];
  }

  /** The last known position of `channel`, or null when nothing has been seen yet. */
  position(channel) {
    const c = this.channels.get(channel);
    return c && c.epoch != null && c.offset != null ? { epoch: c.epoch, offset: c.offset } : null;
  }

  /**
   * The resume cursor of SSE and long-poll for every wanted channel with a known position (the
   * server's format: URL-safe base64, no padding, of the lines "channel epoch offset"); null when
   * none is known yet.
   */
  cursor() {
    const lines = [];
    for (const name of this.channels.keys()) {
      const p = this.position(name);
      if (p) lines.push(`${name} ${p.epoch} ${p.offset}`);
    }
    if (lines.length === 0) return null;
    let binary = '';
    for (const b of new TextEncoder().encode(lines.join('\n'))) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** The subscribe command for `channel`: with `since` when a position is known. */
  subscribeCommand(channel) {
    const since = this.position(channel);
    return since ? { type: 'subscribe', channel, since } : { type: 'subscribe', channel };
  }

  /**
   * Applies a `subscribed` reply. Returns { resync: true } when the server could not replay
   * what was missed (recovered:false) or the history changed epoch, so the page must reload data.
   */
  onSubscribed(msg) {
    const c = this.channels.get(msg.channel);
    if (!c) return { resync: false };
    c.resuming = false;
    const hadPosition = c.epoch != null && c.offset != null;
    if (hadPosition && msg.recovered === true) {
      // The missed events follow (or already followed) in order; keep counting from ours.
      c.epoch = msg.epoch ?? c.epoch;
      return { resync: false };
    }
    const resync = hadPosition && (msg.recovered === false || (msg.epoch != null && msg.epoch !== c.epoch));
    c.epoch = msg.epoch ?? null;
    c.offset = typeof msg.offset === 'number' ? msg.offset : null;
    return { resync };
  }

  /** Marks a channel as being re-subscribed with `since`, so further gaps do not trigger again. */
  markResuming(channel) {
    const c = this.channels.get(channel);
    if (c) c.resuming = true;
  }

  /** Classifies an event envelope and, when it is to be delivered, advances the position. */
  onEvent(msg) {
    const c = this.channels.get(msg.channel);
    if (!c) return Verdict.IGNORE;
    if (typeof msg.offset !== 'number') return Verdict.DELIVER;
    if (c.offset == null) {
      c.offset = msg.offset;
      return Verdict.DELIVER;
    }
    if (msg.offset <= c.offset) return Verdict.DUPLICATE;
    if (msg.offset === c.offset + 1 || msg.channel.startsWith('org:')) {
      // org: channels skip the offsets of repositories this user may not read (see the protocol).
      c.offset = msg.offset;
      return Verdict.DELIVER;
    }
    // A hole: something was lost. While a resume is under way the replay fills it; drop this one.
    return c.resuming ? Verdict.DUPLICATE : Verdict.GAP;
  }

  /** Forgets positions (after a resync the page reloads, then follows from the server's offset). */
  resetPositions() {
    for (const c of this.channels.values()) {
      c.epoch = null;
      c.offset = null;
      c.resuming = false;
    }
  }
}
