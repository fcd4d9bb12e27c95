import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarise, publisherOf } from '../../main/resources/dev/tidings/ui/describe.js';

test('a published event names its publisher, and a claimed actor only "via" the publisher', () => {
  assert.equal(summarise({ event: 'ci.deploy', data: { actor: 'alice', publisher: 'bob' } }).text, 'alice: ci.deploy via bob');
  assert.equal(summarise({ event: 'ci.deploy', data: { actor: { login: 'alice' }, publisher: 'bob' } }).text, 'alice: ci.deploy via bob');
  assert.equal(summarise({ event: 'custom.x', data: { publisher: 'bob' } }).text, 'bob: custom.x');
  assert.equal(summarise({ event: 'ci.status', data: { actor: 'bob', publisher: 'bob' } }).text, 'bob: ci.status');
  assert.equal(summarise({ event: 'ci.status', publisher: 'carol', data: { actor: 'alice' } }).text, 'alice: ci.status via carol');
});

test('only ci.* and custom.* events have a publisher; old events without one read as before', () => {
  assert.equal(publisherOf({ event: 'push', data: { publisher: 'bob' } }), null);
  assert.equal(publisherOf({ event: 'ci.x', data: {} }), null);
  assert.equal(summarise({ event: 'ci.x', data: { actor: 'alice' } }).text, 'alice: ci.x');
  assert.equal(summarise({ event: 'issue.opened', data: { actor: { login: 'alice' }, number: 3, title: 't', publisher: 'bob' } }).text,
    'alice opened issue #3 t');
});

test('a commit status reads as context, state, progress while pending, and the short sha', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  assert.equal(summarise({ event: 'commit.status', data: { actor: { login: 'ci' }, sha, context: 'ci/build', state: 'pending', progress: 60 } }).text,
    'ci: ci/build pending (60%) on 0123456');
  const done = summarise({ event: 'commit.status', data: { actor: { login: 'ci' }, sha, context: 'ci/build', state: 'success', progress: 60, target_url: 'https://ci.example.org/7' } });
  assert.equal(done.text, 'ci: ci/build success on 0123456');
  assert.equal(done.url, 'https://ci.example.org/7');
});
