// The three ways to reach the hub. Each connection reports onOpen(), onMessage(msg) with one
// parsed protocol message (same envelope on every transport) and onClose({ opened, code }).
// WebSocket carries commands; SSE and long-poll carry the channel list and a resume cursor in
// the URL, so a change of subscriptions reopens the stream from where the page is. The cursor
// comes from the client's own positions (what it delivered), never from the connection: a new
// connection after a drop resumes exactly where the old one left off.

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

/** One WebSocket to {base}/ws. */
export class WebSocketConnection {
  constructor(env, base, handlers) {
    this.kind = 'websocket';
    this.env = env;
    this.url = absolute(env, `${base}/ws`, true);
    this.h = handlers;
    this.ws = null;
    this.opened = false;
    this.closed = false;
  }

  start() {
    let ws;
    try {
      ws = new this.env.WebSocket(this.url);
    } catch (e) {
      this.env.setTimeout(() => this.finish(1006), 0);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.opened = true;
      this.h.onOpen();
    };
    ws.onmessage = (e) => {
      const msg = typeof e.data === 'string' ? parseMessage(e.data) : null;
      if (msg) this.h.onMessage(msg);
    };
    ws.onclose = (e) => this.finish(e.code, e.reason);
    ws.onerror = () => {}; // a close always follows an error
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

/** Server-Sent Events from {base}/events?channel=..&cursor=.. */
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
          headers: { Accept: 'application/json' },
          signal: this.abort.signal,
        });
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
