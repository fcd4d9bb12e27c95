// The page's one Tidings client. Where the browser has SharedWorker (desktop Chrome, Edge,
// Firefox, Safari 16+), every tab of this origin shares one connection held by worker.js; where
// it has not (Chrome on Android, or a worker that fails to start, e.g. under a strict CSP), the
// page falls back to its own connection. Both offer the same API: on, subscribe, unsubscribe,
// send, connect, state, transport.
import { Tidings, State } from './tidings.js';

const BASE = '/plugins/tidings';

/** Tab side of the SharedWorker connection; falls back to a direct connection if the worker fails. */
class SharedClient {
  constructor(workerUrl) {
    this.listeners = new Map();
    this.wanted = new Set();
    this.state = State.CONNECTING;
    this.transport = 'websocket';
    this.direct = null;
    this.worker = new SharedWorker(workerUrl, { type: 'module', name: 'tidings' });
    this.port = this.worker.port;
    this.worker.onerror = () => this.fallBack();
    this.port.onmessage = (m) => this.receive(m.data || {});
    this.port.start();
    addEventListener('pagehide', () => this.port.postMessage({ kind: 'bye' }));
    addEventListener('pageshow', (e) => {
      if (e.persisted) for (const c of this.wanted) this.port.postMessage({ kind: 'subscribe', channel: c });
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
    for (const [name, set] of this.listeners) for (const fn of set) this.direct.on(name, fn);
    for (const c of this.wanted) this.direct.subscribe(c);
    this.direct.connect();
  }

  receive(msg) {
    if (msg.kind === 'state') {
      this.state = msg.payload.state;
      this.transport = msg.payload.transport;
      this.emit('state', msg.payload);
    } else if (msg.kind === 'event') {
      this.emit('event', msg.payload);
      this.emit(msg.payload.event, msg.payload);
    } else if (msg.kind) {
      this.emit(msg.kind, msg.payload);
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
    const offDirect = this.direct ? this.direct.on(name, fn) : null;
    return () => {
      this.listeners.get(name)?.delete(fn);
      if (offDirect) offDirect();
    };
  }

  subscribe(channel) {
    this.wanted.add(channel);
    if (this.direct) this.direct.subscribe(channel);
    else this.post({ kind: 'subscribe', channel });
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

  connect() {
    return this;
  }
}

let instance = null;

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
      instance = new SharedClient(new URL('./worker.js', import.meta.url));
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
