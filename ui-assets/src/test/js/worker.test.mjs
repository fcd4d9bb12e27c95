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

test('a tab back from the back/forward cache registers again and hears its channel', () => {
  const a = tab();
  a.say({ kind: 'subscribe', channel: 'repo:a/b' });
  const ws = sockets[0];
  ws.open();
  assert.deepEqual(ws.sent.at(-1), { type: 'subscribe', channel: 'repo:a/b' });
  ws.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 4 });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 5, event: 'push' });
  assert.deepEqual(a.events(), [5]);

  a.say({ kind: 'bye' }); // pagehide: the page goes into the back/forward cache
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push' });
  assert.deepEqual(a.events(), [5], 'a tab that said bye gets nothing');
  const seen = a.got.length;
  a.say({ kind: 'hello' }); // pageshow with persisted: what client.js sends first
  a.say({ kind: 'subscribe', channel: 'repo:a/b' });
  assert.ok(a.got.slice(seen).some((m) => m.kind === 'state'), 'the tab is told the connection state again');
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 7, event: 'push' });
  assert.deepEqual(a.events(), [5, 7]);
});
