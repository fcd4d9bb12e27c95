import { test } from 'node:test';
import assert from 'node:assert/strict';

// worker.js runs in a SharedWorker: give it a fake `self` with a WebSocket we drive by hand.
const sockets = [];
globalThis.self = {
  location: { protocol: 'http:', host: 'h:1' },
  navigator: { onLine: true },
  console,
  setTimeout: () => 0,
  clearTimeout() {},
  setInterval: () => 0,
  clearInterval() {},
  addEventListener() {},
  removeEventListener() {},
  WebSocket: class {
    constructor(url, protocols) { this.url = url; this.protocols = protocols; this.protocol = ''; this.sent = []; this.readyState = 0; sockets.push(this); }
    send(s) { this.sent.push(JSON.parse(s)); }
    close() { this.readyState = 3; }
    open(selected = this.protocols) { this.protocol = selected; this.readyState = 1; this.onopen(); }
    recv(o) { this.onmessage({ data: JSON.stringify(o) }); }
  },
};
await import('../../main/resources/dev/tidings/ui/worker.js');

function tab() {
  const port = {
    got: [],
    postMessage(m) { this.got.push(m); },
    start() {},
    say(m) { this.onmessage({ data: m }); },
    events() { return this.got.filter((m) => m.kind === 'event').map((m) => m.payload.offset); },
  };
  self.onconnect({ ports: [port] });
  return port;
}

test('a tab back from the back/forward cache registers again and gets what it missed', () => {
  const a = tab();
  a.say({ kind: 'subscribe', channel: 'repo:a/b' });
  const ws = sockets[0];
  ws.open();
  assert.deepEqual(ws.sent.at(-1), { type: 'subscribe', channel: 'repo:a/b' });
  ws.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 4 });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 5, event: 'push' });
  assert.deepEqual(a.events(), [5]);

  a.say({ kind: 'bye' }); // pagehide: the page goes into the back/forward cache
  assert.deepEqual(ws.sent.at(-1), { type: 'unsubscribe', channel: 'repo:a/b' }, 'the last follower left');
  const seen = a.got.length;
  a.say({ kind: 'hello' }); // pageshow with persisted: what client.js sends first...
  a.say({ kind: 'subscribe', channel: 'repo:a/b', since: { epoch: 'E', offset: 5 } }); // ...then where it was
  assert.ok(a.got.slice(seen).some((m) => m.kind === 'state'), 'the tab is told the connection state again');
  assert.deepEqual(ws.sent.at(-1), { type: 'subscribe', channel: 'repo:a/b', since: { epoch: 'E', offset: 5 } });
  ws.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 7, recovered: true });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push' });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 7, event: 'push' });
  assert.deepEqual(a.events(), [5, 6, 7]);
});

test('a returning tab on a channel another tab kept open is told to resync what it missed', () => {
  const b = tab();
  b.say({ kind: 'subscribe', channel: 'repo:a/b' }); // b keeps the channel followed
  const c = tab();
  c.say({ kind: 'subscribe', channel: 'repo:a/b', since: { epoch: 'E', offset: 5 } });
  const resync = c.got.find((m) => m.kind === 'resync');
  assert.ok(resync, 'the shared connection is at 7: events 6 and 7 cannot be replayed for c alone');
  assert.equal(resync.payload.channel, 'repo:a/b');
});

test('a tab of another user makes the worker drop the old socket and the old tabs, then connect for the new user', () => {
  const alice = tab();
  alice.say({ kind: 'hello', user: 'alice' });
  alice.say({ kind: 'subscribe', channel: 'user:alice' });
  const old = sockets.at(-1);
  if (old.readyState === 0) old.open();
  old.recv({ type: 'subscribed', channel: 'user:alice', epoch: 'E', offset: 1 });

  const bob = tab(); // alice signed out, bob signed in; an old alice tab kept this worker alive
  bob.say({ kind: 'hello', user: 'bob' });
  assert.equal(old.readyState, 3, 'the socket with alice\'s cookie is closed');
  const told = alice.got.filter((m) => m.kind === 'state').at(-1);
  assert.equal(told.payload.signedOut, true, 'alice\'s tab is told it is signed out');
  const fresh = sockets.at(-1);
  assert.notEqual(fresh, old, 'a new connection (with the browser\'s current cookie) is opened');

  // The old tab cannot follow alice's channel through the new connection.
  alice.say({ kind: 'subscribe', channel: 'user:alice' });
  fresh.open();
  assert.equal(fresh.sent.some((c) => c.channel === 'user:alice'), false, 'user:alice is not subscribed for bob');
  const before = alice.got.length;
  fresh.recv({ type: 'event', channel: 'user:alice', offset: 2, event: 'notification' });
  assert.equal(alice.got.length, before, 'nothing reaches the dropped tab');
  bob.say({ kind: 'subscribe', channel: 'user:bob' });
  assert.deepEqual(fresh.sent.at(-1), { type: 'subscribe', channel: 'user:bob' });
});

test('a tab signing out closes the shared connection for every tab of that user', () => {
  const one = tab();
  one.say({ kind: 'hello', user: 'bob' });
  const two = tab();
  two.say({ kind: 'hello', user: 'bob' });
  two.say({ kind: 'subscribe', channel: 'user:bob' });
  const ws = sockets.at(-1);
  one.say({ kind: 'signout' });
  assert.equal(ws.readyState, 3);
  assert.equal(two.got.filter((m) => m.kind === 'state').at(-1).payload.signedOut, true);
  const n = sockets.length;
  two.say({ kind: 'subscribe', channel: 'user:bob' });
  assert.equal(sockets.length, n, 'a signed-out tab does not bring the connection back');
});

test('the shared connection offers tidings.v1, tells every tab the welcome and ends on a welcome of another version', () => {
  const t = tab(); // after the sign-out above: a new connection for the next user
  t.say({ kind: 'hello', user: 'carol' });
  const ws = sockets.at(-1);
  assert.equal(ws.protocols, 'tidings.v1');
  ws.open();
  ws.recv({ type: 'welcome', protocol: 'tidings.v1', user: 'carol' });
  assert.deepEqual(t.got.filter((m) => m.kind === 'welcome'), [{ kind: 'welcome', payload: { protocol: 'tidings.v1', user: 'carol' } }]);
  assert.equal(t.got.some((m) => m.kind === 'event' || m.kind === 'error'), false, 'the welcome is no event');
  const late = tab(); // a tab opened later joins the open connection and is told its welcome too
  late.say({ kind: 'hello', user: 'carol' });
  assert.deepEqual(late.got.filter((m) => m.kind === 'welcome').map((m) => m.payload), [{ protocol: 'tidings.v1', user: 'carol' }]);

  const logged = [];
  self.console = { error: (...a) => logged.push(a.join(' ')) };
  try {
    ws.recv({ type: 'welcome', protocol: 'tidings.v9', user: 'carol' });
  } finally {
    self.console = console;
  }
  assert.equal(ws.readyState, 3);
  assert.equal(t.got.find((m) => m.kind === 'error')?.payload.code, 'unsupported_version');
  const last = t.got.filter((m) => m.kind === 'state').at(-1).payload;
  assert.equal(last.state, 'offline');
  assert.equal(last.code, 4505);
  assert.equal(logged.length, 1);
});
