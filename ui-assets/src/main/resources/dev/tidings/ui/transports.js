// The three ways to reach the hub. Each connection reports onOpen(), onMessage(msg) with one
// parsed protocol message (same envelope on every transport) and onClose({ opened, code }).
// WebSocket carries commands; SSE and long-poll carry the channel list and a resume cursor in
// the URL, so a change of subscriptions reopens the stream from where the page is. The cursor
// comes from the client's own positions (what it delivered), never from the connection: a new
// connection after a drop resumes exactly where the old one left off.
//
// Protocol version (docs/protocol.md "Versions"): the WebSocket offers the subprotocol `tidings.v1`
// and expects the server to select it and to say so again in its first message (`welcome`);
// long-poll sends the `Tidings-Protocol: tidings.v1` header and checks the answer's. EventSource
// cannot send headers, so the SSE stream names no version, which the server reads as v1. A server
// that answers with another version (or refuses v1) ends the connection with UNSUPPORTED_PROTOCOL,
// a final code: retrying the same offer cannot help, so the client stays down and says why.

/** The protocol version this client speaks. */
export const PROTOCOL = 'tidings.v1';
/** The request and answer header that names the version on plain HTTP (long-poll). */
export const PROTOCOL_HEADER = 'Tidings-Protocol';
/** Client-side close code (4500-4999: do not reconnect as is) for a server that does not speak PROTOCOL. */
export const UNSUPPORTED_PROTOCOL = 4505;

// Each distinct complaint is logged once per page or worker, not on every reconnect.
const logged = new Set();
/** Logs `tidings: message` as an error, once per page or worker (presence.js uses it too). */
export function complainOnce(env, message) {
  if (logged.has(message)) return;
  logged.add(message);
  env.console?.error?.(`tidings: ${message}`);
}

/**
 * Ends `conn` because the server does not speak PROTOCOL: logs once, tells the handlers an
 * `unsupported_version` error (as the server's own refusal is named) and closes with the final code.
 */
function refuseVersion(conn, message) {
  if (conn.closed) return;
  complainOnce(conn.env, message);
  conn.h.onMessage({ type: 'error', code: 'unsupported_version', message, retry: false });
  conn.finish(UNSUPPORTED_PROTOCOL, 'unsupported protocol');
}

function channelQuery(channels, cursor) {
  const q = new URLSearchParams();
  for (const c of channels) q.append('channel', c);
  if (cursor) q.set('cursor', cursor);
  return q;
}

function absolute(env, path, scheme) {
  const loc = env.location;
  if (/^[a-z]+:\/\//i.test(path)) return path;
  if (!scheme) return path;
  const wsScheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${wsScheme}//${loc.host}${path}`;
}

/** Parses a protocol message; returns null for anything that is not a JSON object. */
export function parseMessage(text) {
  try {
    const msg = JSON.parse(text);
    return msg && typeof msg === 'object' && !Array.isArray(msg) ? msg : null;
  } catch {
    return null;
  }
}

/**
 * One WebSocket to {base}/ws offering the `tidings.v1` subprotocol. The server's `welcome` (its
 * first message) is kept here as `welcome` ({protocol, user}) and reported through the optional
 * `onWelcome` handler; it never reaches `onMessage`.
 */
export class WebSocketConnection {
  constructor(env, base, handlers) {
    this.kind = 'websocket';
    this.env = env;
    this.url = absolute(env, `${base}/ws`, true);
    this.h = handlers;
    this.ws = null;
    this.opened = false;
    this.closed = false;
    /** The version the server selected (the socket's subprotocol), once open. */
    this.protocol = null;
    /** The server's welcome: { protocol, user } (user: the login the connection reads as, or null). */
    this.welcome = null;
  }

  start() {
    let ws;
    try {
      ws = new this.env.WebSocket(this.url, PROTOCOL);
    } catch (e) {
      this.env.setTimeout(() => this.finish(1006), 0);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      // Browsers fail a handshake that selects none of the offered subprotocols; this catches a
      // server (or proxy) that selected something else.
      if (ws.protocol !== PROTOCOL) {
        this.refuse(`the server selected subprotocol '${ws.protocol || ''}' instead of ${PROTOCOL}; not connecting`);
        return;
      }
      this.protocol = ws.protocol;
      this.opened = true;
      this.h.onOpen();
    };
    ws.onmessage = (e) => {
      const msg = typeof e.data === 'string' ? parseMessage(e.data) : null;
      if (!msg || this.closed) return;
      if (msg.type === 'welcome') this.welcomed(msg);
      else this.h.onMessage(msg);
    };
    ws.onclose = (e) => this.finish(e.code, e.reason);
    ws.onerror = () => {}; // a close always follows an error
  }

  welcomed(msg) {
    if (msg.protocol !== PROTOCOL) {
      this.refuse(`the server welcomed protocol '${msg.protocol}' but ${PROTOCOL} was offered; disconnecting`);
      return;
    }
    this.welcome = { protocol: msg.protocol, user: typeof msg.user === 'string' ? msg.user : null };
    this.h.onWelcome?.(this.welcome);
  }

  refuse(message) {
    this.detach();
    refuseVersion(this, message);
  }

  finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    this.h.onClose({ opened: this.opened, code, reason });
  }

  /** Sends one command; false when the socket is not open. */
  send(command) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(command));
    return true;
  }

  subscribe(command) {
    return this.send(command);
  }

  unsubscribe(channel) {
    return this.send({ type: 'unsubscribe', channel });
  }

  /** Re-subscribes `command.channel` from a known position after a gap (a second subscribe replaces the first). */
  resume(command) {
    return this.send(command);
  }

  stop() {
    this.closed = true;
    this.detach();
  }

  // Closes the socket without hearing its close event.
  detach() {
    if (this.ws) {
      this.ws.onclose = null;
      try {
        this.ws.close(1000);
      } catch {
        /* already closed */
      }
    }
  }
}

/** Shared by SSE and long-poll: the channel list and resume cursor live in the URL. */
class StreamConnection {
  /** `channelsFn()`: the wanted channels; `cursorFn()`: the resume cursor for them, or null. */
  constructor(env, base, handlers, channelsFn, cursorFn = () => null) {
    this.env = env;
    this.base = base;
    this.h = handlers;
    this.channels = channelsFn;
    this.cursor = cursorFn;
    this.opened = false;
    this.closed = false;
    this.restartPending = false;
  }

  finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    this.stopStream();
    this.h.onClose({ opened: this.opened, code, reason });
  }

  deliver(msg) {
    this.h.onMessage(msg);
  }

  // Subscriptions changed: reopen with the new channel list once the current task is done.
  restart() {
    if (this.closed || this.restartPending) return;
    this.restartPending = true;
    this.env.setTimeout(() => {
      this.restartPending = false;
      if (this.closed) return;
      this.stopStream();
      this.startStream();
    }, 0);
  }

  send() {
    // Only the WebSocket carries commands; the caller keeps them queued.
    return false;
  }

  subscribe() {
    this.restart();
    return true;
  }

  unsubscribe() {
    this.restart();
    return true;
  }

  resume() {
    this.restart();
    return true;
  }

  start() {
    this.startStream();
  }

  stop() {
    this.closed = true;
    this.stopStream();
  }
}

/**
 * Server-Sent Events from {base}/events?channel=..&cursor=.. EventSource cannot send the
 * `Tidings-Protocol` header (nor read the answer's), so this stream names no version: the server
 * serves such a request as tidings.v1, the version this client speaks.
 */
export class SseConnection extends StreamConnection {
  constructor(env, base, handlers, channelsFn, cursorFn) {
    super(env, base, handlers, channelsFn, cursorFn);
    this.kind = 'sse';
    this.es = null;
  }

  startStream() {
    const names = this.channels();
    const url = `${this.base}/events?${channelQuery(names, this.cursor())}`;
    let es;
    try {
      es = new this.env.EventSource(url, { withCredentials: true });
    } catch {
      this.env.setTimeout(() => this.finish(1006), 0);
      return;
    }
    this.es = es;
    es.onopen = () => {
      if (!this.opened) {
        this.opened = true;
        this.h.onOpen();
      }
    };
    const onData = (e) => {
      const msg = parseMessage(e.data);
      if (msg) this.deliver(msg);
    };
    es.onmessage = onData;
    // Servers may name their SSE events; the envelope inside is the same either way.
    for (const name of ['event', 'subscribed', 'error', 'recovered']) es.addEventListener(name, onData);
    // We own reconnection (backoff, cursor, fallback), so any error ends this stream.
    es.onerror = () => this.finish(1006);
  }

  stopStream() {
    if (this.es) {
      this.es.onerror = null;
      this.es.close();
      this.es = null;
    }
  }
}

/**
 * Why a long-poll answer shows that the server does not speak PROTOCOL, or null: a 400
 * `unsupported_version`, or a `Tidings-Protocol` answer header naming another version. (No
 * header at all: a server from before versions, which speaks v1.)
 */
async function versionRefusal(res) {
  const named = res.headers?.get?.(PROTOCOL_HEADER);
  if (res.status === 400) {
    let body = null;
    try {
      body = await res.json(); // a refused poll is not read any further
    } catch {
      /* not JSON: some other 400 */
    }
    if (body && body.code === 'unsupported_version') return `the server refused ${PROTOCOL} (speaks: ${named || '?'}); not polling`;
  }
  if (named && !named.split(',').map((v) => v.trim()).includes(PROTOCOL)) {
    return `the server answered protocol '${named}' but ${PROTOCOL} was asked for; not polling`;
  }
  return null;
}

/** HTTP long-poll on {base}/poll?channel=..&cursor=..&timeout=25 */
export class PollConnection extends StreamConnection {
  constructor(env, base, handlers, channelsFn, cursorFn) {
    super(env, base, handlers, channelsFn, cursorFn);
    this.kind = 'poll';
    this.abort = null;
    this.generation = 0;
  }

  startStream() {
    const gen = ++this.generation;
    this.loop(gen);
  }

  async loop(gen) {
    while (!this.closed && gen === this.generation) {
      const q = channelQuery(this.channels(), this.cursor());
      q.set('timeout', '25');
      this.abort = new this.env.AbortController();
      let body;
      try {
        const res = await this.env.fetch(`${this.base}/poll?${q}`, {
          credentials: 'same-origin',
          headers: { Accept: 'application/json', [PROTOCOL_HEADER]: PROTOCOL },
          signal: this.abort.signal,
        });
        const refusal = await versionRefusal(res);
        if (refusal) {
          if (gen === this.generation) refuseVersion(this, refusal);
          return;
        }
        // 401 while holding or starting a poll: the credential was revoked or is wrong; retrying cannot help.
        if (res.status === 401) {
          if (gen === this.generation) this.finish(4501, 'credentials revoked');
          return;
        }
        if (!res.ok) throw new Error(`poll ${res.status}`);
        body = await res.json();
      } catch {
        if (gen === this.generation) this.finish(1006);
        return;
      }
      if (gen !== this.generation || this.closed) return;
      if (!this.opened) {
        this.opened = true;
        this.h.onOpen();
      }
      const messages = Array.isArray(body) ? body : Array.isArray(body.events) ? body.events : Array.isArray(body.messages) ? body.messages : [];
      for (const m of messages) if (m && typeof m === 'object') this.deliver(m);
      // Each channel's position after these events (and recovered:false when a resume could not
      // be served): the long-poll counterpart of a WebSocket's `subscribed` reply.
      const channels = body && typeof body.channels === 'object' && body.channels ? body.channels : {};
      for (const [channel, p] of Object.entries(channels)) {
        if (p && typeof p === 'object') this.deliver({ type: 'position', channel, ...p });
      }
    }
  }

  stopStream() {
    this.generation += 1;
    if (this.abort) this.abort.abort();
    this.abort = null;
  }
}
