import { test } from 'node:test';
import assert from 'node:assert/strict';

// client.js in a page: a SharedWorker that fails to start, so the tab falls back to its own
// connection (a WebSocket we drive by hand).
const sockets = [];
const workers = [];
globalThis.location = { protocol: 'http:', host: 'h:1' };
globalThis.navigator = { onLine: true };
const pageListeners = {};
globalThis.addEventListener = (name, fn) => { pageListeners[name] = fn; };
globalThis.removeEventListener = () => {};
globalThis.document = { querySelector: () => null, addEventListener() {}, removeEventListener() {}, visibilityState: 'visible' };
globalThis.localStorage = { getItem: () => null };
globalThis.SharedWorker = class {
  constructor() {
    this.port = { sent: [], postMessage(m) { this.sent.push(m); }, start() {} };
    workers.push(this);
  }
};
globalThis.WebSocket = class {
  constructor(url, protocols) { this.url = url; this.protocols = protocols; this.protocol = ''; this.sent = []; this.readyState = 0; sockets.push(this); }
  send(s) { this.sent.push(JSON.parse(s)); }
  close() { this.readyState = 3; }
  open(selected = this.protocols) { this.protocol = selected; this.readyState = 1; this.onopen(); }
  recv(o) { this.onmessage({ data: JSON.stringify(o) }); }
};
const { getClient } = await import('../../main/resources/dev/tidings/ui/client.js');

test('a page back from the back/forward cache registers again and resumes from what it saw', () => {
  const client = getClient();
  client.subscribe('repo:x/y');
  const port = workers[0].port;
  port.onmessage({ data: { kind: 'subscribed', payload: { type: 'subscribed', channel: 'repo:x/y', epoch: 'E', offset: 3 } } });
  port.onmessage({ data: { kind: 'event', payload: { type: 'event', channel: 'repo:x/y', offset: 4, event: 'push' } } });
  pageListeners.pagehide();
  assert.deepEqual(port.sent.at(-1), { kind: 'bye' });
  port.sent.length = 0;
  pageListeners.pageshow({ persisted: true });
  assert.deepEqual(port.sent, [
    { kind: 'hello', user: '' },
    { kind: 'subscribe', channel: 'repo:x/y', since: { epoch: 'E', offset: 4 } },
  ]);
  client.unsubscribe('repo:x/y');
});

test('the tab keeps the shared connection\'s welcome until the connection is no longer open', () => {
  const client = getClient();
  const port = workers[0].port;
  port.onmessage({ data: { kind: 'state', payload: { state: 'open', transport: 'websocket' } } });
  port.onmessage({ data: { kind: 'welcome', payload: { protocol: 'tidings.v1', user: 'alice' } } });
  assert.deepEqual(client.welcome, { protocol: 'tidings.v1', user: 'alice' });
  port.onmessage({ data: { kind: 'state', payload: { state: 'reconnecting', transport: 'websocket' } } });
  assert.equal(client.welcome, null);
});

test('a subscribe with a position hands it to the shared worker (the dashboard resumes from its history)', () => {
  const client = getClient();
  client.subscribe('repo:h/i', { epoch: 'E', offset: 7 });
  assert.deepEqual(workers[0].port.sent.at(-1), { kind: 'subscribe', channel: 'repo:h/i', since: { epoch: 'E', offset: 7 } });
  client.unsubscribe('repo:h/i');
});

test('after the shared worker fails, listeners added before and after can be removed and state follows', () => {
  const client = getClient();
  const seenBefore = [];
  const offBefore = client.on('push', (m) => seenBefore.push(m.offset));
  client.subscribe('repo:a/b');
  assert.deepEqual(workers[0].port.sent.at(-1), { kind: 'subscribe', channel: 'repo:a/b' });

  workers[0].onerror(); // e.g. a strict CSP forbids the worker
  const seenAfter = [];
  const offAfter = client.on('push', (m) => seenAfter.push(m.offset));
  const ws = sockets[0];
  assert.equal(ws.protocols, 'tidings.v1', 'the tab\'s own connection offers the protocol version too');
  ws.open();
  assert.equal(client.state, 'open', 'state follows the tab\'s own connection');
  assert.equal(client.transport, 'websocket');
  assert.deepEqual(ws.sent[0], { type: 'subscribe', channel: 'repo:a/b' });
  ws.recv({ type: 'subscribed', channel: 'repo:a/b', epoch: 'E', offset: 4 });
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 5, event: 'push' });
  assert.deepEqual([seenBefore, seenAfter], [[5], [5]]);

  offBefore();
  offAfter();
  ws.recv({ type: 'event', channel: 'repo:a/b', offset: 6, event: 'push' });
  assert.deepEqual([seenBefore, seenAfter], [[5], [5]], 'removed listeners hear nothing more');
  assert.deepEqual(client.channels(), ['repo:a/b']);
  client.close();
});

test('the shared worker is named per signed-in user and told who the tab is first', async () => {
  // A fresh copy of client.js for a page of alice.
  globalThis.document.body = { dataset: { hostUser: 'alice' } };
  const names = [];
  const Original = globalThis.SharedWorker;
  globalThis.SharedWorker = class extends Original {
    constructor(url, options) {
      super(url, options);
      names.push(options.name);
    }
  };
  const { getClient: fresh } = await import('../../main/resources/dev/tidings/ui/client.js?alice');
  fresh();
  assert.deepEqual(names, ['tidings:alice']);
  assert.deepEqual(workers.at(-1).port.sent[0], { kind: 'hello', user: 'alice' });
  globalThis.SharedWorker = Original;
  delete globalThis.document.body;
});
