// The page's one Tidings client. Where the browser has SharedWorker (desktop Chrome, Edge,
// Firefox, Safari 16+), every tab of this origin and signed-in user shares one connection held by
// worker.js (one worker per user: `tidings:<login>`, from the page's data-host-user); where
// it has not (Chrome on Android, or a worker that fails to start, e.g. under a strict CSP), the
// page falls back to its own connection. Both offer the same API: on, subscribe, unsubscribe,
// send, connect, close, wake, channels, state, transport, welcome.
import { Tidings, State } from './tidings.js';

const BASE = '/plugins/tidings';

/** Tab side of the SharedWorker connection; falls back to a direct connection if the worker fails. */
class SharedClient {
  /** `user`: the page's signed-in login ('' when anonymous); it names the worker, so users never share one. */
  constructor(workerUrl, user = '') {
    this.user = user;
    this.listeners = new Map();
    this.wanted = new Set();
    // Last position seen per channel, so a tab back from the back/forward cache can resume.
    this.positions = new Map();
    this.state = State.CONNECTING;
    this.transport = 'websocket';
    /** The shared connection's welcome ({protocol, user}) as the worker last told it, else null. */
    this.welcome = null;
    this.direct = null;
    this.relayed = new Set();
    this.worker = new SharedWorker(workerUrl, { type: 'module', name: `tidings:${user}` });
    this.port = this.worker.port;
    this.worker.onerror = () => this.fallBack();
    this.port.onmessage = (m) => this.receive(m.data || {});
    this.port.start();
    // First message: who this tab is. A worker holding another user's connection drops it.
    this.post({ kind: 'hello', user });
    addEventListener('pagehide', () => this.post({ kind: 'bye' }));
    addEventListener('pageshow', (e) => {
      // Back from the back/forward cache: the worker forgot this tab at pagehide; register again.
      if (!e.persisted) return;
      this.post({ kind: 'hello', user });
      for (const c of this.wanted) this.post({ kind: 'subscribe', channel: c, since: this.positions.get(c) ?? null });
    });
    // Signing out ends the shared connection for every tab of this user at once (the server closes
    // it too, with 4501, but this tab's navigation should not race it).
    document.addEventListener?.('submit', (e) => {
      const form = e.target;
      const action = form && typeof form.getAttribute === 'function' ? form.getAttribute('action') || '' : '';
      if (/\/user\/logout$/.test(action)) this.post({ kind: 'signout' });
    });
    const wake = (reason) => this.post({ kind: 'wake', reason });
    addEventListener('online', () => wake('online'));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') wake('visible');
    });
  }

  post(message) {
    if (this.direct) return;
    this.port.postMessage(message);
  }

  fallBack() {
    if (this.direct) return;
    console.warn('tidings: shared worker unavailable, using a connection of this tab');
    this.direct = new Tidings({ base: BASE });
    this.relay('state');
    for (const name of this.listeners.keys()) this.relay(name);
    for (const c of this.wanted) this.direct.subscribe(c);
    this.direct.connect();
  }

  /**
   * After a fall-back, passes the direct connection's `name` events to this client's listeners
   * (one relay per name), so listeners added before or after the fall-back can still be removed
   * and `state` and `transport` stay current.
   */
  relay(name) {
    if (!this.direct || this.relayed.has(name)) return;
    this.relayed.add(name);
    this.direct.on(name, (payload) => {
      if (name === 'state') {
        this.state = payload.state;
        this.transport = payload.transport;
        this.welcome = this.direct.welcome;
      }
      if (name === 'welcome') this.welcome = payload;
      this.emit(name, payload);
    });
  }

  receive(msg) {
    this.track(msg);
    if (msg.kind === 'state') {
      this.state = msg.payload.state;
      this.transport = msg.payload.transport;
      if (this.state !== State.OPEN) this.welcome = null;
      this.emit('state', msg.payload);
    } else if (msg.kind === 'event') {
      this.emit('event', msg.payload);
      this.emit(msg.payload.event, msg.payload);
    } else if (msg.kind) {
      if (msg.kind === 'welcome') this.welcome = msg.payload;
      this.emit(msg.kind, msg.payload);
    }
  }

  track(msg) {
    const p = msg.payload;
    if (!p || typeof p.channel !== 'string' || !this.wanted.has(p.channel)) return;
    if (msg.kind === 'subscribed' && typeof p.epoch === 'string' && Number.isInteger(p.offset)) {
      const known = this.positions.get(p.channel);
      // A recovered resume keeps counting from what this tab saw; anything else starts over.
      if (!(p.recovered === true && known && known.epoch === p.epoch)) this.positions.set(p.channel, { epoch: p.epoch, offset: p.offset });
    } else if (msg.kind === 'event' && Number.isInteger(p.offset)) {
      const known = this.positions.get(p.channel);
      if (known && p.offset > known.offset) known.offset = p.offset;
    }
  }

  emit(name, payload) {
    for (const fn of [...(this.listeners.get(name) || [])]) {
      try {
        fn(payload);
      } catch (e) {
        console.error('tidings listener failed', e);
      }
    }
  }

  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    this.relay(name);
    return () => this.listeners.get(name)?.delete(fn);
  }

  /** `since` ({epoch, offset}, optional): resume from there, e.g. where a history read from the log ended. */
  subscribe(channel, since) {
    this.wanted.add(channel);
    if (this.direct) this.direct.subscribe(channel, since);
    else this.post(since ? { kind: 'subscribe', channel, since } : { kind: 'subscribe', channel });
  }

  unsubscribe(channel) {
    this.wanted.delete(channel);
    if (this.direct) this.direct.unsubscribe(channel);
    else this.post({ kind: 'unsubscribe', channel });
  }

  send(command) {
    if (this.direct) this.direct.send(command);
    else this.post({ kind: 'send', command });
  }

  /** The channels this tab follows. */
  channels() {
    return [...this.wanted];
  }

  /** Reconnects at once if the shared connection is down (e.g. after the network came back). */
  wake(reason = 'manual') {
    if (this.direct) this.direct.wake(reason);
    else this.post({ kind: 'wake', reason });
  }

  connect() {
    return this;
  }

  /** Leaves the shared connection (the worker keeps it for the other tabs). */
  close() {
    if (this.direct) this.direct.close();
    else this.post({ kind: 'bye' });
  }
}

let instance = null;

/** The signed-in login the host page declares (`<body data-host-user>`), or '' when anonymous. */
function pageUser() {
  const body = globalThis.document && document.body;
  return (body && body.dataset && body.dataset.hostUser) || '';
}

/** Whether tabs should share one connection: on by default, off with <meta name="tidings-shared" content="off">. */
function sharingWanted() {
  const meta = document.querySelector('meta[name="tidings-shared"]');
  if (meta && meta.content === 'off') return false;
  try {
    if (localStorage.getItem('tidings.shared') === 'off') return false;
  } catch {
    /* storage blocked: keep the default */
  }
  return typeof SharedWorker === 'function';
}

/** The page's client, created and connected on first use. */
export function getClient() {
  if (instance) return instance;
  if (sharingWanted()) {
    try {
      instance = new SharedClient(new URL('./worker.js', import.meta.url), pageUser());
      return instance;
    } catch (e) {
      console.warn('tidings: cannot start shared worker', e);
    }
  }
  instance = new Tidings({ base: BASE }).connect();
  // Tests and curious users can look at the connection from the console.
  globalThis.__tidings = instance;
  return instance;
}
