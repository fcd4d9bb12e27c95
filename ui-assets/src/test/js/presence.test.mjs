import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initials, typingText, presenceChannel, openPresenceSocket } from '../../main/resources/dev/tidings/ui/presence.js';

test('initials stand in for avatars', () => {
  assert.equal(initials('alice'), 'AL');
  assert.equal(initials('bob.builder'), 'BB');
  assert.equal(initials('x'), 'X');
});

test('typing text names one or two people, then counts', () => {
  assert.equal(typingText([]), '');
  assert.equal(typingText(['bob']), 'bob is typing…');
  assert.equal(typingText(['bob', 'carol']), 'bob and carol are typing…');
  assert.equal(typingText(['a', 'b', 'c']), '3 people are typing…');
});

test('the presence channel of issue and pull request pages only', () => {
  assert.equal(presenceChannel({ repo: 'alice/demo', issue: 3, pull: null }), 'presence:alice/demo/issues/3');
  assert.equal(presenceChannel({ repo: 'alice/demo', issue: null, pull: 7 }), 'presence:alice/demo/pulls/7');
  assert.equal(presenceChannel({ repo: 'alice/demo', issue: null, pull: null }), null);
  assert.equal(presenceChannel({ repo: null, issue: 1, pull: null }), null);
});

// The presence socket checks the protocol version as the main client does (client.test.mjs).
function fakeEnv() {
  const env = { sockets: [], errors: [], console: { error: (...a) => env.errors.push(a.join(' ')), warn() {}, log() {} } };
  env.WebSocket = class {
    constructor(url, protocols) { this.url = url; this.protocols = protocols; this.protocol = ''; this.sent = []; this.readyState = 0; this.closes = []; env.sockets.push(this); }
    send(s) { this.sent.push(JSON.parse(s)); }
    close(code) { this.closes.push(code); this.readyState = 3; }
    open(selected = this.protocols) { this.protocol = selected; this.readyState = 1; this.onopen(); }
    recv(o) { this.onmessage({ data: JSON.stringify(o) }); }
    drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
  };
  return env;
}

function recorder() {
  const seen = { open: 0, messages: [], closes: [], refused: [] };
  const handlers = {
    onOpen: () => seen.open++,
    onMessage: (m) => seen.messages.push(m),
    onClose: (e) => seen.closes.push(e.code),
    onRefused: (why) => seen.refused.push(why),
  };
  return { seen, handlers };
}

test('the presence socket offers tidings.v1 and passes on what follows a matching welcome', () => {
  const env = fakeEnv();
  const { seen, handlers } = recorder();
  const ws = openPresenceSocket(env, 'ws://h:1/plugins/tidings/ws', handlers);
  assert.equal(ws.protocols, 'tidings.v1');
  ws.open();
  assert.equal(seen.open, 1);
  ws.recv({ type: 'welcome', protocol: 'tidings.v1', user: 'alice' });
  ws.recv({ type: 'presence', channel: 'presence:a/b/issues/1', users: [] });
  assert.deepEqual(seen.messages.map((m) => m.type), ['presence'], 'the welcome is not passed on');
  ws.drop();
  assert.deepEqual(seen.closes, [1006]);
  assert.deepEqual(seen.refused, []);
  assert.deepEqual(env.errors, []);
});

test('a presence socket whose selected subprotocol is not tidings.v1 is closed unused and logged once', () => {
  const env = fakeEnv();
  const { seen, handlers } = recorder();
  const ws = openPresenceSocket(env, 'ws://h:1/plugins/tidings/ws', handlers);
  ws.open('chat');
  assert.equal(seen.open, 0, 'the caller never sees it open, so it sends no subscribe');
  assert.deepEqual(ws.sent, []);
  assert.equal(ws.readyState, 3, 'closed');
  assert.equal(ws.onclose, null, 'its close is not taken for a drop to retry');
  assert.equal(seen.refused.length, 1);
  assert.match(seen.refused[0], /selected subprotocol 'chat' instead of tidings\.v1/);
  ws.recv({ type: 'presence', channel: 'presence:a/b/issues/1', users: [{ login: 'bob' }] });
  assert.deepEqual(seen.messages, [], 'nothing on it is used');
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0], /^tidings: presence: the server selected subprotocol 'chat'/);
  openPresenceSocket(env, 'ws://h:1/plugins/tidings/ws', recorder().handlers).open('chat');
  assert.equal(env.errors.length, 1, 'the same mismatch is logged once');
});

test('a presence welcome naming another protocol closes the socket; later frames are dropped', () => {
  const env = fakeEnv();
  const { seen, handlers } = recorder();
  const ws = openPresenceSocket(env, 'ws://h:1/plugins/tidings/ws', handlers);
  ws.open();
  assert.equal(seen.open, 1);
  ws.recv({ type: 'welcome', protocol: 'tidings.v2', user: 'alice' });
  assert.equal(ws.readyState, 3);
  assert.deepEqual(ws.closes, [1000]);
  assert.equal(seen.refused.length, 1);
  assert.match(seen.refused[0], /welcomed protocol 'tidings\.v2' but tidings\.v1 was offered/);
  ws.recv({ type: 'join', channel: 'presence:a/b/issues/1', user: { login: 'bob' } });
  assert.deepEqual(seen.messages, [], 'the welcome and every later frame are dropped');
  assert.deepEqual(seen.closes, [], 'no close is reported as a drop');
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0], /^tidings: presence: the server welcomed protocol 'tidings\.v2'/);
});
