import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initials, typingText, presenceChannel } from '../../main/resources/dev/tidings/ui/presence.js';

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
