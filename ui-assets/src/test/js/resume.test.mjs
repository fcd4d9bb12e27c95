import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelBook, Verdict } from '../../main/resources/dev/tidings/ui/resume.js';

const ev = (offset, channel = 'repo:a/b') => ({ type: 'event', channel, offset, event: 'push' });

test('first subscribe has no since; later ones resume from the last offset', () => {
  const b = new ChannelBook();
  b.want('repo:a/b');
  assert.deepEqual(b.subscribeCommand('repo:a/b'), { type: 'subscribe', channel: 'repo:a/b' });
  b.onSubscribed({ type: 'subscribed', channel: 'repo:a/b', epoch: 'e1', offset: 41 });
  assert.equal(b.onEvent(ev(42)), Verdict.DELIVER);
  assert.deepEqual(b.subscribeCommand('repo:a/b'), {
    type: 'subscribe', channel: 'repo:a/b', since: { epoch: 'e1', offset: 42 },
  });
});

test('duplicates are dropped and a hole is reported once', () => {
  const b = new ChannelBook();
  b.want('repo:a/b');
  b.onSubscribed({ channel: 'repo:a/b', epoch: 'e1', offset: 10 });
  assert.equal(b.onEvent(ev(11)), Verdict.DELIVER);
  assert.equal(b.onEvent(ev(11)), Verdict.DUPLICATE);
  assert.equal(b.onEvent(ev(9)), Verdict.DUPLICATE);
  assert.equal(b.onEvent(ev(14)), Verdict.GAP);
  b.markResuming('repo:a/b');
  assert.equal(b.onEvent(ev(15)), Verdict.DUPLICATE, 'no second resume while one is under way');
  assert.deepEqual(b.subscribeCommand('repo:a/b').since, { epoch: 'e1', offset: 11 });
  // Replay of 12..15 arrives, then the server confirms.
  for (const o of [12, 13, 14, 15]) assert.equal(b.onEvent(ev(o)), Verdict.DELIVER);
  assert.deepEqual(b.onSubscribed({ channel: 'repo:a/b', epoch: 'e1', offset: 15, recovered: true }), { resync: false });
  assert.equal(b.onEvent(ev(16)), Verdict.DELIVER);
});

test('recovered:true keeps our position so the replay that follows is delivered', () => {
  const b = new ChannelBook();
  b.want('c');
  b.onSubscribed({ channel: 'c', epoch: 'e', offset: 3 });
  b.onEvent(ev(4, 'c'));
  assert.deepEqual(b.onSubscribed({ channel: 'c', epoch: 'e', offset: 7, recovered: true }), { resync: false });
  assert.equal(b.onEvent(ev(5, 'c')), Verdict.DELIVER);
});

test('recovered:false or a new epoch asks for a resync and follows the server from now on', () => {
  const b = new ChannelBook();
  b.want('c');
  b.onSubscribed({ channel: 'c', epoch: 'e', offset: 3 });
  assert.deepEqual(b.onSubscribed({ channel: 'c', epoch: 'e', offset: 900, recovered: false }), { resync: true });
  assert.equal(b.onEvent(ev(901, 'c')), Verdict.DELIVER);
  assert.deepEqual(b.onSubscribed({ channel: 'c', epoch: 'other', offset: 2 }), { resync: true });
  assert.equal(b.onEvent(ev(3, 'c')), Verdict.DELIVER);
});

test('events of channels nobody wants are ignored; drop forgets', () => {
  const b = new ChannelBook();
  assert.equal(b.onEvent(ev(1, 'x')), Verdict.IGNORE);
  assert.equal(b.want('x'), true);
  assert.equal(b.want('x'), false);
  assert.deepEqual(b.names(), ['x']);
  assert.equal(b.drop('x'), true);
  assert.equal(b.drop('x'), false);
  assert.equal(b.onEvent(ev(1, 'x')), Verdict.IGNORE);
});

test('the SSE/long-poll cursor is built from delivered positions, in the server\'s format', () => {
  const b = new ChannelBook();
  assert.equal(b.cursor(), null, 'nothing known yet: start from now');
  b.want('repo:alice/demo');
  b.want('user:alice');
  b.onSubscribed({ channel: 'repo:alice/demo', epoch: 'bff69fb2', offset: 42 });
  b.onEvent({ channel: 'repo:alice/demo', offset: 43 });
  // The example cursor of docs/protocol.md, as the server encodes it.
  assert.equal(b.cursor(), 'cmVwbzphbGljZS9kZW1vIGJmZjY5ZmIyIDQz');
  b.onSubscribed({ channel: 'user:alice', epoch: 'e2', offset: 7 });
  const text = Buffer.from(b.cursor(), 'base64url').toString('utf8');
  assert.equal(text, 'repo:alice/demo bff69fb2 43\nuser:alice e2 7');
  assert.doesNotMatch(b.cursor(), /[+/=]/, 'URL-safe, no padding');
});

test('org: channels may skip offsets the user cannot read: not a gap', () => {
  const b = new ChannelBook();
  b.want('org:acme');
  b.onSubscribed({ channel: 'org:acme', epoch: 'E', offset: 10 });
  assert.equal(b.onEvent({ channel: 'org:acme', offset: 13 }), Verdict.DELIVER);
  assert.equal(b.onEvent({ channel: 'org:acme', offset: 13 }), Verdict.DUPLICATE);
  assert.deepEqual(b.position('org:acme'), { epoch: 'E', offset: 13 });
});
