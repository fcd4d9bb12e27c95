import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tidings } from '../../main/resources/dev/tidings/ui/tidings.js';

// A fake browser: WebSockets we open and close by hand, timers we fire by hand.
function fakeEnv() {
  const env = {
    sockets: [],
    timers: [],
    location: { protocol: 'http:', host: 'h:1' },
    navigator: { onLine: true },
    console,
    setTimeout(fn, ms) { env.timers.push({ fn, ms }); return env.timers.length; },
    clearTimeout() {},
    setInterval() { return 0; },
    clearInterval() {},
    addEventListener() {},
    removeEventListener() {},
    runTimers() { const t = env.timers; env.timers = []; for (const x of t) x.fn(); },
  };
  env.WebSocket = class {
    constructor(url, protocols) { this.url = url; this.protocols = protocols; this.protocol = ''; this.sent = []; this.readyState = 0; env.sockets.push(this); }
    send(s) { this.sent.push(JSON.parse(s)); }
    close() { this.readyState = 3; }
    open(selected = this.protocols) { this.protocol = selected; this.readyState = 1; this.onopen(); }
    recv(o) { this.onmessage({ data: JSON.stringify(o) }); }
    drop(code = 1006) { this.readyState = 3; this.onclose({ code }); }
  };
  return env;
}

test('subscribes every wanted channel on open and flushes queued commands', () => {
  const env = fakeEnv();
  const t = new Tidings({ env, transports: ['websocket'] });
  const states = [];
  t.on('state', (s) => states.push(s.state));
  t.subscribe('repo:a/b');
  t.send({ type: 'custom', id: 7 });
  t.connect();
  const ws = env.sockets[0];
  assert.equal(ws.url, 'ws://h:1/plugins/tidings/ws');
  ws.open();
  assert.deepEqual(ws.sent, [{ type: 'subscribe', channel: 'repo:a/b' }, { type: 'custom', id: 7 }]);
  assert.deepEqual(states, ['open']);
});

test('after a drop it reconnects with backoff and resumes with since', () => {
  const env = fakeEnv();
  const t = new Tidings({ env, transports: ['websocket'] });
  const pushes = [];
  const states = [];
  t.on('push', (m) => pushes.push(m.offset));
  t.on('state', (s) => states.push(s.state));
  t.subscribe('repo:a/b');
  t.connect();
  const ws = env.sockets[0];
  ws.open();
  ws.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 4 });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 5, event: 'push', data: {} });
  ws.drop();
  assert.equal(t.state, 'reconnecting');
  assert.equal(env.timers.length, 1);
  assert.ok(env.timers[0].ms >= 500 && env.timers[0].ms <= 30000);
  env.runTimers();
  const ws2 = env.sockets[1];
  ws2.open();
  assert.deepEqual(ws2.sent[0], { type: 'subscribe', channel: 'repo:a/b', since: { epoch: 'E', offset: 5 } });
  ws2.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 6, recovered: true });
  ws2.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push', data: {} });
  assert.deepEqual(pushes, [5, 6]);
  assert.deepEqual(states, ['open', 'reconnecting', 'open']);
});

test('a gap re-subscribes from the last offset; recovered:false raises resync', () => {
  const env = fakeEnv();
  const t = new Tidings({ env, transports: ['websocket'] });
  const resyncs = [];
  t.on('resync', (r) => resyncs.push(r.channel));
  t.subscribe('c');
  t.connect();
  const ws = env.sockets[0];
  ws.open();
  ws.recv({ type: 'subscribed', channel: 'c', epoch: 'E', offset: 1 });
  ws.recv({ type: 'event', channel: 'c', offset: 2, event: 'push' });
  ws.recv({ type: 'event', channel: 'c', offset: 5, event: 'push' });
  assert.deepEqual(ws.sent.slice(1), [{ type: 'subscribe', channel: 'c', since: { epoch: 'E', offset: 2 } }]);
  ws.recv({ type: 'subscribed', channel: 'c', epoch: 'E', offset: 90, recovered: false });
  assert.deepEqual(resyncs, ['c']);
});

test('WebSocket refused three times without opening falls back to the next transport', () => {
  const env = fakeEnv();
  let sse = 0;
  env.EventSource = class {
    constructor(url) { sse++; this.url = url; env.lastEs = this; }
    addEventListener() {}
    close() {}
  };
  const t = new Tidings({ env, transports: ['websocket', 'sse'] });
  const states = [];
  t.on('state', (s) => states.push(s));
  t.subscribe('repo:a/b');
  t.connect();
  for (let i = 0; i < 3; i++) {
    env.sockets[i].drop(1006);
    env.runTimers();
  }
  assert.equal(t.transport, 'sse');
  assert.equal(sse, 1);
  assert.equal(env.lastEs.url, '/plugins/tidings/events?channel=repo%3Aa%2Fb');
  assert.deepEqual(states.at(-1), { state: 'reconnecting', transport: 'sse', code: 1006 },
    'the state event names the transport tried next');
});

test('a 4500-range close stops reconnecting until woken', () => {
  const env = fakeEnv();
  const t = new Tidings({ env, transports: ['websocket'] });
  t.connect();
  env.sockets[0].open();
  env.sockets[0].drop(4501);
  assert.equal(t.state, 'offline');
  assert.equal(env.timers.length, 0);
  t.wake('visible');
  assert.equal(env.sockets.length, 2);
});

// After falling back to SSE: an EventSource we open and feed by hand.
function withEventSource(env) {
  env.streams = [];
  env.EventSource = class {
    constructor(url) { this.url = url; this.closed = false; env.streams.push(this); }
    addEventListener() {}
    close() { this.closed = true; }
    open() { this.onopen(); }
    recv(o, id) { this.onmessage({ data: JSON.stringify(o), lastEventId: id ?? '' }); }
  };
  return env;
}

function fallBackToSse(env, t) {
  t.subscribe('repo:a/b');
  t.connect();
  env.sockets[0].drop(1006); // the proxy refuses WebSocket: maxFailuresBeforeOpen is 1 below
  const es = env.streams[0];
  es.open();
  es.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 4 });
  es.recv({ type: 'event', channel: 'repo:a/b', offset: 5, event: 'push', data: {} });
  return es;
}

test('after falling back to SSE it probes WebSocket later and moves back up without losing events', () => {
  const env = withEventSource(fakeEnv());
  const t = new Tidings({ env, transports: ['websocket', 'sse'], maxFailuresBeforeOpen: 1, probeAfterMs: 60000 });
  const pushes = [];
  const states = [];
  t.on('push', (m) => pushes.push(m.offset));
  t.on('state', (s) => states.push(`${s.state}/${s.transport}`));
  const es = fallBackToSse(env, t);
  assert.equal(t.transport, 'sse');
  const probeTimer = env.timers.find((x) => x.ms >= 48000 && x.ms <= 72000);
  assert.ok(probeTimer, `a probe is scheduled about a minute out: ${env.timers.map((x) => x.ms)}`);

  env.runTimers();
  const probe = env.sockets[1];
  assert.ok(probe, 'the probe opened a WebSocket beside the SSE stream');
  assert.equal(es.closed, false, 'SSE keeps working while the probe connects');
  es.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push', data: {} });
  probe.open();

  assert.equal(t.transport, 'websocket');
  assert.equal(es.closed, true, 'the fallback stream is closed once the probe took over');
  assert.deepEqual(probe.sent[0], { type: 'subscribe', channel: 'repo:a/b', since: { epoch: 'E', offset: 6 } });
  probe.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push', data: {} }); // a repeat: dropped
  probe.recv({ type: 'event', channel: 'repo:a/b', offset: 7, event: 'push', data: {} });
  assert.deepEqual(pushes, [5, 6, 7]);
  assert.equal(states.at(-1), 'open/websocket', 'the status shows the upgrade');
});

test('a failed probe leaves the fallback alone and waits twice as long for the next one', () => {
  const env = withEventSource(fakeEnv());
  const t = new Tidings({ env, transports: ['websocket', 'sse'], maxFailuresBeforeOpen: 1, probeAfterMs: 60000 });
  const pushes = [];
  t.on('push', (m) => pushes.push(m.offset));
  const es = fallBackToSse(env, t);
  env.runTimers();
  env.sockets[1].drop(1006);
  assert.equal(t.transport, 'sse');
  assert.equal(es.closed, false);
  assert.equal(t.state, 'open');
  const next = env.timers.find((x) => x.ms >= 96000 && x.ms <= 144000);
  assert.ok(next, `the next probe waits about two minutes: ${env.timers.map((x) => x.ms)}`);
  es.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push', data: {} });
  assert.deepEqual(pushes, [5, 6]);
});

const cursorText = (url) => {
  const c = new URL(url, 'http://h:1').searchParams.get('cursor');
  return c == null ? null : Buffer.from(c, 'base64url').toString('utf8');
};

test('SSE: a new stream after a drop resumes from what the page saw, and a gap reopens from before it', () => {
  const env = withEventSource(fakeEnv());
  const t = new Tidings({ env, transports: ['sse'] });
  const pushes = [];
  t.on('push', (m) => pushes.push(m.offset));
  t.subscribe('repo:a/b');
  t.connect();
  const es = env.streams[0];
  assert.equal(cursorText(es.url), null, 'nothing seen yet: from now');
  es.open();
  es.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 4 });
  es.recv({ type: 'event', channel: 'repo:a/b', offset: 5, event: 'push', data: {} });
  es.onerror(); // the server restarted
  env.runTimers();
  const es2 = env.streams[1];
  assert.equal(cursorText(es2.url), 'repo:a/b E 5', 'the new connection resumes where the old one stopped');
  es2.open();
  es2.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 8, recovered: true });
  es2.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push', data: {} });
  es2.recv({ type: 'event', channel: 'repo:a/b', offset: 8, event: 'push', data: {} }); // 7 went missing
  env.runTimers(); // the stream reopens (restart runs on a timer)
  const es3 = env.streams[2];
  assert.equal(es2.closed, true);
  assert.equal(cursorText(es3.url), 'repo:a/b E 6', 'reopened from before the gap, not after it');
  es3.open();
  es3.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 8, recovered: true });
  es3.recv({ type: 'event', channel: 'repo:a/b', offset: 7, event: 'push', data: {} });
  es3.recv({ type: 'event', channel: 'repo:a/b', offset: 8, event: 'push', data: {} });
  assert.deepEqual(pushes, [5, 6, 7, 8]);
});

// Long-poll through a fake fetch: each poll waits for an answer the test gives by hand.
function withFetch(env) {
  env.polls = [];
  env.AbortController = class { constructor() { this.signal = {}; } abort() {} };
  env.fetch = (url) => new Promise((resolve, reject) => {
    env.polls.push({
      url,
      answer: (body) => resolve({ ok: true, status: 200, json: async () => body }),
      fail: () => reject(new Error('network down')),
    });
  });
  return env;
}
const settle = () => new Promise((r) => setImmediate(r));

test('long-poll: positions come from each answer, a reconnect resumes from them, recovered:false raises resync', async () => {
  const env = withFetch(fakeEnv());
  const t = new Tidings({ env, transports: ['poll'] });
  const pushes = [];
  const resyncs = [];
  t.on('push', (m) => pushes.push(m.offset));
  t.on('resync', (r) => resyncs.push(r.channel));
  t.subscribe('c');
  t.connect();
  await settle();
  assert.equal(cursorText(env.polls[0].url), null);
  env.polls[0].answer({ events: [], cursor: 'x', channels: { c: { epoch: 'E', offset: 4 } } });
  await settle();
  assert.equal(cursorText(env.polls[1].url), 'c E 4');
  env.polls[1].answer({
    events: [
      { type: 'event', channel: 'c', offset: 5, event: 'push' },
      { type: 'event', channel: 'c', offset: 6, event: 'push' },
    ],
    channels: { c: { epoch: 'E', offset: 6, recovered: true } },
  });
  await settle();
  assert.equal(cursorText(env.polls[2].url), 'c E 6');
  env.polls[2].fail(); // connection lost
  await settle();
  env.runTimers();
  await settle();
  assert.equal(cursorText(env.polls[3].url), 'c E 6', 'the new connection goes on from the last answer');
  env.polls[3].answer({ events: [], channels: { c: { epoch: 'F', offset: 90, recovered: false } } });
  await settle();
  assert.deepEqual(resyncs, ['c']);
  assert.equal(cursorText(env.polls[4].url), 'c F 90', 'after a resync it follows from the server\'s position');
  assert.deepEqual(pushes, [5, 6]);
  t.close();
});

test('credentials revoked: WebSocket 4501, the SSE credentials_revoked message and a 401 long-poll all stop reconnecting and report signed out', async () => {
  const states = (t) => {
    const seen = [];
    t.on('state', (s) => seen.push(s));
    return seen;
  };
  // WebSocket: the server closes with 4501 after a sign-out or a deleted token.
  const env = fakeEnv();
  const ws = new Tidings({ env, transports: ['websocket'] });
  const wsStates = states(ws);
  ws.connect();
  env.sockets[0].open();
  env.sockets[0].drop(4501);
  assert.equal(ws.state, 'offline');
  assert.deepEqual(wsStates.at(-1), { state: 'offline', transport: 'websocket', code: 4501, reason: undefined, signedOut: true });
  assert.equal(env.timers.length, 0, 'no reconnect is scheduled');

  // SSE: the stream's last message is the error, then it ends; the browser must not reconnect.
  const senv = withEventSource(fakeEnv());
  const sse = new Tidings({ env: senv, transports: ['sse'] });
  const sseStates = states(sse);
  sse.subscribe('repo:a/b');
  sse.connect();
  senv.streams[0].open();
  senv.streams[0].recv({ type: 'error', code: 'credentials_revoked', message: 'signed out', retry: false });
  assert.equal(senv.streams[0].closed, true, 'the EventSource is closed, so it does not reconnect by itself');
  assert.equal(sse.state, 'offline');
  assert.equal(sseStates.at(-1).signedOut, true);
  assert.equal(senv.timers.length, 0);
  assert.equal(senv.streams.length, 1);

  // Long-poll: a held poll answered 401.
  const penv = fakeEnv();
  penv.polls = [];
  penv.AbortController = class { constructor() { this.signal = {}; } abort() {} };
  penv.fetch = (url) => new Promise((resolve) => {
    penv.polls.push({
      url,
      answer: (body) => resolve({ ok: true, status: 200, json: async () => body }),
      unauthorized: () => resolve({ ok: false, status: 401, json: async () => ({ error: 'credentials_revoked' }) }),
    });
  });
  const poll = new Tidings({ env: penv, transports: ['poll'] });
  const pollStates = states(poll);
  poll.subscribe('c');
  poll.connect();
  await settle();
  penv.polls[0].answer({ events: [], channels: { c: { epoch: 'E', offset: 1 } } });
  await settle();
  penv.polls[1].unauthorized();
  await settle();
  assert.equal(poll.state, 'offline');
  assert.equal(pollStates.at(-1).signedOut, true);
  assert.equal(penv.timers.length, 0);
  assert.equal(penv.polls.length, 2, 'no further poll');
  poll.close();
});

// Protocol version tidings.v1 (docs/protocol.md "Versions").

function recordingConsole(env) {
  env.errors = [];
  env.console = { error: (...a) => env.errors.push(a.join(' ')), warn() {}, log() {} };
  return env;
}

test('the WebSocket offers the tidings.v1 subprotocol', () => {
  const env = fakeEnv();
  const t = new Tidings({ env, transports: ['websocket'] });
  t.connect();
  assert.equal(env.sockets[0].protocols, 'tidings.v1');
  env.sockets[0].open();
  assert.equal(t.state, 'open');
  assert.equal(t.conn.protocol, 'tidings.v1');
});

test('the welcome is recorded and reported as welcome, never as an event or an error', () => {
  const env = recordingConsole(fakeEnv());
  const t = new Tidings({ env, transports: ['websocket'] });
  const seen = [];
  for (const name of ['welcome', 'event', 'error', 'undefined']) t.on(name, (p) => seen.push([name, p]));
  t.subscribe('repo:a/b');
  t.connect();
  const ws = env.sockets[0];
  ws.open();
  ws.recv({ type: 'welcome', protocol: 'tidings.v1', user: 'alice', later: 'fields are ignored' });
  assert.deepEqual(t.welcome, { protocol: 'tidings.v1', user: 'alice' });
  assert.deepEqual(seen, [['welcome', { protocol: 'tidings.v1', user: 'alice' }]]);
  ws.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 1 });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 2, event: 'push', data: {} });
  assert.deepEqual(seen.map(([name]) => name), ['welcome', 'event'], 'events still flow after the welcome');
  assert.equal(t.state, 'open');
  assert.deepEqual(env.errors, []);
  ws.drop();
  assert.equal(t.welcome, null, 'a closed connection has no welcome');
  env.runTimers();
  env.sockets[1].open();
  env.sockets[1].recv({ type: 'welcome', protocol: 'tidings.v1', user: null });
  assert.deepEqual(t.welcome, { protocol: 'tidings.v1', user: null }, 'anonymous');
});

test('a welcome naming another protocol is an error: logged once, closed, no reconnect until woken', () => {
  const env = recordingConsole(fakeEnv());
  const t = new Tidings({ env, transports: ['websocket'] });
  const errors = [];
  const states = [];
  t.on('error', (e) => errors.push(e));
  t.on('state', (s) => states.push(s));
  t.on('push', () => assert.fail('nothing may be delivered from a connection of another version'));
  t.subscribe('repo:a/b');
  t.connect();
  const ws = env.sockets[0];
  ws.open();
  ws.recv({ type: 'welcome', protocol: 'tidings.v2', user: 'alice' });
  assert.equal(ws.readyState, 3, 'the socket is closed');
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 1, event: 'push', data: {} }); // late frame: dropped
  assert.equal(t.welcome, null);
  assert.equal(t.state, 'offline');
  assert.deepEqual(states.at(-1), { state: 'offline', transport: 'websocket', code: 4505, reason: 'unsupported protocol' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'unsupported_version');
  assert.match(errors[0].message, /tidings\.v2.*tidings\.v1/);
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0], /^tidings: the server welcomed protocol 'tidings\.v2' but tidings\.v1 was offered/);
  assert.equal(env.timers.length, 0, 'no reconnect is scheduled');

  t.wake('visible'); // the page is woken: it tries again, and the same answer is not logged twice
  assert.equal(env.sockets.length, 2);
  env.sockets[1].open();
  env.sockets[1].recv({ type: 'welcome', protocol: 'tidings.v2', user: 'alice' });
  assert.equal(t.state, 'offline');
  assert.equal(errors.length, 2);
  assert.equal(env.errors.length, 1, 'logged once');
});

test('a socket whose selected subprotocol is not tidings.v1 never opens and does not fall back', () => {
  const env = recordingConsole(fakeEnv());
  const t = new Tidings({ env, transports: ['websocket', 'sse', 'poll'], maxFailuresBeforeOpen: 1 });
  const states = [];
  t.on('state', (s) => states.push(s));
  t.subscribe('repo:a/b');
  t.connect();
  const ws = env.sockets[0];
  ws.open('chat');
  assert.deepEqual(ws.sent, [], 'nothing is sent on it');
  assert.equal(ws.readyState, 3);
  assert.equal(t.state, 'offline');
  assert.equal(t.transport, 'websocket', 'another transport would not speak another version either');
  assert.deepEqual(states.map((s) => s.state), ['offline']);
  assert.equal(states[0].code, 4505);
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0], /selected subprotocol 'chat' instead of tidings\.v1/);
});

// Long-poll answers that carry a Tidings-Protocol header (and a 400 unsupported_version refusal).
function withVersionedFetch(env) {
  env.polls = [];
  env.AbortController = class { constructor() { this.signal = {}; } abort() {} };
  const headers = (h) => ({ get: (n) => h[n.toLowerCase()] ?? null });
  env.fetch = (url, init) => new Promise((resolve) => {
    env.polls.push({
      url,
      init,
      answer: (body, version) => resolve({ ok: true, status: 200, headers: headers({ 'tidings-protocol': version }), json: async () => body }),
      refuse: () => resolve({ ok: false, status: 400, headers: headers({ 'tidings-protocol': 'tidings.v2' }),
        json: async () => ({ message: 'Unsupported protocol version', code: 'unsupported_version' }) }),
    });
  });
  return env;
}

test('long-poll names tidings.v1 in its header and stops on an answer of another version', async () => {
  const env = withVersionedFetch(recordingConsole(fakeEnv()));
  const t = new Tidings({ env, transports: ['poll'] });
  const errors = [];
  t.on('error', (e) => errors.push(e.code));
  t.on('push', () => assert.fail('an answer of another version is not used'));
  t.subscribe('c');
  t.connect();
  await settle();
  assert.equal(env.polls[0].init.headers['Tidings-Protocol'], 'tidings.v1');
  env.polls[0].answer({ events: [], channels: { c: { epoch: 'E', offset: 1 } } }, 'tidings.v1');
  await settle();
  assert.equal(t.state, 'open');
  env.polls[1].answer({ events: [{ type: 'event', channel: 'c', offset: 2, event: 'push' }] }, 'tidings.v3');
  await settle();
  assert.equal(t.state, 'offline');
  assert.equal(t.fatal.code, 4505);
  assert.deepEqual(errors, ['unsupported_version']);
  assert.match(env.errors[0], /answered protocol 'tidings\.v3'/);
  assert.equal(env.polls.length, 2, 'no further poll');
  assert.equal(env.timers.length, 0, 'no retry');
});

test('long-poll refused with 400 unsupported_version stops instead of retrying', async () => {
  const env = withVersionedFetch(recordingConsole(fakeEnv()));
  const t = new Tidings({ env, transports: ['poll'] });
  t.subscribe('c');
  t.connect();
  await settle();
  env.polls[0].refuse();
  await settle();
  assert.equal(t.state, 'offline');
  assert.equal(t.fatal.code, 4505);
  assert.match(env.errors[0], /refused tidings\.v1 \(speaks: tidings\.v2\)/);
  assert.equal(env.timers.length, 0);
});
