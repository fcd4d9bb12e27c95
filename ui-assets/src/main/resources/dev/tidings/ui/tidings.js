// Tidings browser client (no dependencies). One logical connection to the hub that survives
// restarts and network changes: WebSocket, else SSE, else long-poll; exponential backoff with
// jitter; every channel resumed with `since`; commands queued while disconnected.
//
//   import { Tidings } from '/plugins/tidings/ui/tidings.js';
//   const t = new Tidings();
//   t.on('push', (msg) => console.log(msg.data));
//   t.on('state', ({ state }) => console.log(state)); // connecting | open | reconnecting | offline
//   t.subscribe('repo:alice/demo');
//   t.connect();
//
// Speaks protocol version tidings.v1 (docs/protocol.md "Versions"; see transports.js): a server
// that answers with another version ends the connection with the final close code 4505 and an
// `error` event `unsupported_version`.

import { Backoff } from './backoff.js';
import { ChannelBook, Verdict } from './resume.js';
import { ProbeSchedule, TransportPlan, availableTransports } from './fallback.js';
import { CommandQueue } from './queue.js';
import { WebSocketConnection, SseConnection, PollConnection } from './transports.js';

/** Connection states a page can show. */
export const State = Object.freeze({
  CONNECTING: 'connecting',
  OPEN: 'open',
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
});

const PING_EVERY_MS = 25000;
/** Close code (and its SSE/long-poll equivalents) for "signed out, token deleted": do not reconnect as is. */
export const CREDENTIALS_REVOKED = 4501;

/** A connection to the Tidings hub shared by everything on one page (or one worker). */
export class Tidings {
  constructor(options = {}) {
    this.env = options.env ?? globalThis;
    this.base = options.base ?? '/plugins/tidings';
    this.book = new ChannelBook();
    this.queue = new CommandQueue(options.queueLimit ?? 100);
    this.backoff = new Backoff(options.backoff);
    const transports = options.transports ?? availableTransports(this.env);
    this.plan = new TransportPlan(transports, options.maxFailuresBeforeOpen ?? 3, options.maxFailuresAfterOpen ?? 8);
    this.probes = new ProbeSchedule(options.probeAfterMs ?? 60000, options.probeMaxMs ?? 30 * 60000);
    this.probeTimer = null;
    this.probing = null;
    this.listeners = new Map();
    this.state = State.CONNECTING;
    this.conn = null;
    this.retryTimer = null;
    this.pingTimer = null;
    this.lastMessageAt = 0;
    this.started = false;
    this.fatal = null;
    /** The WebSocket server's welcome on the current connection: { protocol, user }, else null. */
    this.welcome = null;
    this.onOnline = () => this.wake('online');
    this.onOffline = () => this.goOffline();
    this.onVisible = () => {
      if (this.env.document && this.env.document.visibilityState === 'visible') this.wake('visible');
    };
  }

  /** The transport in use or being tried: websocket, sse or poll. */
  get transport() {
    return this.plan.current();
  }

  /** Calls `fn(payload)` for `name`: an event type (push, pr.opened, ...), 'event' (all), 'state', 'resync', 'error', 'subscribed', 'welcome'. Returns a function that removes it. */
  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name)?.delete(fn);
  }

  emit(name, payload) {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (e) {
        // One faulty widget must not stop the others from hearing the event.
        this.env.console?.error?.('tidings listener failed', e);
      }
    }
  }

  /** Starts connecting (idempotent) and follows the browser's online and visibility changes. */
  connect() {
    if (this.started) return this;
    this.started = true;
    this.env.addEventListener?.('online', this.onOnline);
    this.env.addEventListener?.('offline', this.onOffline);
    this.env.document?.addEventListener?.('visibilitychange', this.onVisible);
    if (this.env.navigator && this.env.navigator.onLine === false) {
      this.setState(State.OFFLINE);
    } else {
      this.setState(State.CONNECTING);
      this.open();
    }
    return this;
  }

  /** Closes the connection for good and stops listening to the browser. */
  close() {
    this.started = false;
    this.env.removeEventListener?.('online', this.onOnline);
    this.env.removeEventListener?.('offline', this.onOffline);
    this.env.document?.removeEventListener?.('visibilitychange', this.onVisible);
    this.clearTimers();
    if (this.conn) this.conn.stop();
    this.conn = null;
    this.welcome = null;
    this.setState(State.OFFLINE);
  }

  /** Follows `channel`; works at any time, also before connect() and while disconnected. */
  /** `since` ({epoch, offset}, optional): resume from there instead of from now. */
  subscribe(channel, since = null) {
    if (!this.book.want(channel, since)) return;
    if (this.isOpen()) this.conn.subscribe(this.book.subscribeCommand(channel));
  }

  unsubscribe(channel) {
    if (!this.book.drop(channel)) return;
    if (this.isOpen()) this.conn.unsubscribe(channel);
  }

  /** The channels followed now. */
  channels() {
    return this.book.names();
  }

  /** Sends a command now, or queues it until a connection that carries commands is open. */
  send(command) {
    if (!(this.isOpen() && this.conn.send(command))) this.queue.push(command);
  }

  /** Reconnects at once (browser back online, tab visible again) instead of waiting for the timer. */
  wake(reason) {
    if (!this.started) return;
    if (this.isOpen()) {
      // A socket that slept with the laptop may be dead without knowing it: probe it.
      if (this.conn.kind === 'websocket') this.ping();
      return;
    }
    if (this.env.navigator && this.env.navigator.onLine === false) return;
    this.fatal = null;
    this.clearTimers();
    if (this.conn) this.conn.stop();
    this.conn = null;
    this.welcome = null;
    this.setState(State.RECONNECTING);
    this.emit('wake', { reason });
    this.open();
  }

  isOpen() {
    return this.state === State.OPEN && this.conn != null;
  }

  setState(state, extra = {}) {
    const { force, ...details } = extra;
    if (this.state === state && !force) return;
    this.state = state;
    this.emit('state', { state, transport: this.plan.current(), ...details });
  }


  goOffline() {
    if (!this.started) return;
    this.clearTimers();
    if (this.conn) this.conn.stop();
    this.conn = null;
    this.welcome = null;
    this.setState(State.OFFLINE);
  }

  clearTimers() {
    if (this.retryTimer) this.env.clearTimeout(this.retryTimer);
    if (this.pingTimer) this.env.clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
    this.cancelProbe();
  }

  cancelProbe() {
    if (this.probeTimer) this.env.clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (this.probing) this.probing.stop?.();
    this.probing = null;
  }

  /** While on a fallback transport, tries the preferred one again later (see ProbeSchedule). */
  scheduleProbe() {
    if (!this.plan.demoted() || this.plan.preferred() !== 'websocket' || this.probeTimer || this.probing) return;
    this.probeTimer = this.env.setTimeout(() => {
      this.probeTimer = null;
      this.probe();
    }, this.probes.next());
  }

  /**
   * Opens a WebSocket beside the working fallback connection. It carries nothing until it opens;
   * then it takes over and every channel resumes from its cursor, so nothing is lost or repeated.
   */
  probe() {
    if (!this.isOpen() || !this.plan.demoted()) return;
    const probe = new WebSocketConnection(this.env, this.base, {
      onOpen: () => this.upgrade(probe),
      onMessage: () => {},
      onClose: () => {
        if (this.probing !== probe) return;
        this.probing = null;
        this.probes.failed();
        this.scheduleProbe();
      },
    });
    this.probing = probe;
    probe.start();
  }

  upgrade(probe) {
    if (this.probing !== probe || !this.isOpen()) {
      probe.stop?.();
      return;
    }
    this.probing = null;
    const old = this.conn;
    probe.h = {
      onOpen: () => {},
      onMessage: (msg) => this.message(probe, msg),
      onWelcome: (w) => this.welcomed(probe, w),
      onClose: (info) => this.closed(probe, info),
    };
    this.conn = probe;
    if (old) old.stop();
    if (this.pingTimer) this.env.clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.plan.upgraded();
    this.probes.reset();
    this.emit('transport', { transport: this.plan.current() });
    this.opened(probe);
    this.setState(State.OPEN, { force: true });
  }

  open() {
    const kind = this.plan.current();
    const handlers = {
      onOpen: () => this.opened(conn),
      onMessage: (msg) => this.message(conn, msg),
      onWelcome: (w) => this.welcomed(conn, w),
      onClose: (info) => this.closed(conn, info),
    };
    const conn =
      kind === 'websocket'
        ? new WebSocketConnection(this.env, this.base, handlers)
        : kind === 'sse'
          ? new SseConnection(this.env, this.base, handlers, () => this.book.names(), () => this.book.cursor())
          : new PollConnection(this.env, this.base, handlers, () => this.book.names(), () => this.book.cursor());
    this.conn = conn;
    conn.start();
  }

  opened(conn) {
    if (conn !== this.conn) return;
    this.plan.opened();
    this.backoff.reset();
    this.lastMessageAt = Date.now();
    this.setState(State.OPEN);
    this.scheduleProbe();
    if (conn.kind === 'websocket') {
      for (const name of this.book.names()) conn.subscribe(this.book.subscribeCommand(name));
      for (const command of this.queue.drain()) conn.send(command);
      this.pingTimer = this.env.setInterval(() => this.ping(), PING_EVERY_MS);
    }
  }

  welcomed(conn, welcome) {
    if (conn !== this.conn) return;
    this.lastMessageAt = Date.now();
    this.welcome = welcome;
    this.emit('welcome', welcome);
  }

  ping() {
    if (!this.conn || this.conn.kind !== 'websocket') return;
    // No traffic for two ping periods: the socket is dead even if the browser thinks not.
    if (Date.now() - this.lastMessageAt > 2 * PING_EVERY_MS + 5000) {
      this.conn.stop();
      this.closed(this.conn, { opened: true, code: 4000 });
      return;
    }
    this.conn.send({ type: 'ping' });
  }

  message(conn, msg) {
    if (conn !== this.conn) return;
    this.lastMessageAt = Date.now();
    switch (msg.type) {
      case 'event':
        this.event(msg);
        break;
      case 'subscribed': {
        const { resync } = this.book.onSubscribed(msg);
        this.emit('subscribed', msg);
        if (resync) this.emit('resync', { channel: msg.channel, epoch: msg.epoch, offset: msg.offset });
        break;
      }
      case 'position': {
        // Long-poll's per-channel position after each answer: same bookkeeping as `subscribed`.
        const { resync } = this.book.onSubscribed(msg);
        if (resync) this.emit('resync', { channel: msg.channel, epoch: msg.epoch, offset: msg.offset });
        break;
      }
      case 'error':
        this.emit('error', msg);
        if (msg.code === 'credentials_revoked' && !msg.channel) {
          // The SSE stream's last word after a sign-out or a deleted token: final, like WebSocket 4501.
          conn.stop();
          this.closed(conn, { opened: true, code: CREDENTIALS_REVOKED, reason: 'credentials revoked' });
        }
        break;
      case 'pong':
        break;
      default:
        // Envelopes without a type but with an event name (some stream framings) are events.
        if (typeof msg.event === 'string' && typeof msg.channel === 'string') this.event(msg);
    }
  }

  event(msg) {
    const verdict = this.book.onEvent(msg);
    if (verdict === Verdict.DELIVER) {
      this.emit('event', msg);
      this.emit(msg.event, msg);
    } else if (verdict === Verdict.GAP) {
      // Something was lost in between: ask for exactly what we missed, from our last offset.
      this.book.markResuming(msg.channel);
      this.conn.resume(this.book.subscribeCommand(msg.channel));
    }
  }

  closed(conn, info) {
    if (conn !== this.conn) return;
    if (this.pingTimer) this.env.clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.cancelProbe();
    this.conn = null;
    this.welcome = null;
    if (!this.started) return;
    if (info.code >= 4500 && info.code <= 4999) {
      // The server says retrying cannot help (bad credentials, ...): stay down until woken.
      this.fatal = info;
      const signedOut = info.code === CREDENTIALS_REVOKED;
      this.setState(State.OFFLINE, { code: info.code, reason: info.reason, force: true, ...(signedOut ? { signedOut } : {}) });
      return;
    }
    if (this.env.navigator && this.env.navigator.onLine === false) {
      this.setState(State.OFFLINE);
      return;
    }
    // Decided first, so the state event already names the transport that will be tried next.
    const movedOn = !info.opened && this.plan.failed();
    this.setState(State.RECONNECTING, { code: info.code, force: movedOn });
    if (movedOn) {
      this.probes.reset();
      this.emit('transport', { transport: this.plan.current() });
      this.open();
      return;
    }
    const delay = this.backoff.next();
    this.retryTimer = this.env.setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }
}
