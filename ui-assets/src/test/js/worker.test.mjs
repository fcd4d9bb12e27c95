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
    constructor(url) { this.url = url; this.sent = []; this.readyState = 0; sockets.push(this); }
    send(s) { this.sent.push(JSON.parse(s)); }
    close() { this.readyState = 3; }
    open() { this.readyState = 1; this.onopen(); }
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
