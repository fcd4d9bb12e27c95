import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarise, publisherOf, MergePushes } from '../../main/resources/dev/tidings/ui/describe.js';

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

const repository = { full_name: 'alice/demo', html_url: 'http://h.test/alice/demo' };
const sha = 'abc1234def5678abc1234def5678abc1234def56';

test('a push that adds no commits says where the branch went, not "pushed 0 commits"', () => {
  const ff = { event: 'push', channel: 'repo:alice/demo', data: { actor: { login: 'alice' }, repository, ref: 'refs/heads/main', before: 'f'.repeat(40), after: sha, forced: false, commits: [], total_commits: 0 } };
  assert.deepEqual(summarise(ff), { text: 'alice updated main to abc1234', url: `http://h.test/alice/demo/commit/${sha}` });
  const reset = { ...ff, data: { ...ff.data, forced: true } };
  assert.equal(summarise(reset).text, 'alice force-pushed main to abc1234');
  // Pushes with commits read as before; a listed commit counts when the producer sends no total.
  const one = { ...ff, data: { ...ff.data, commits: [{ id: sha, message: 'Fix' }], total_commits: 1 } };
  assert.equal(summarise(one).text, 'alice pushed 1 commit to main');
  assert.equal(summarise({ ...ff, data: { ...ff.data, commits: [{ id: sha }, { id: 'b' }], total_commits: undefined } }).text, 'alice pushed 2 commits to main');
});

test('the push that a host-side merge reports is folded into the pr.merged, in either order', () => {
  const merged = { event: 'pr.merged', channel: 'repo:alice/demo', data: { repository, number: 3, merge_sha: sha } };
  const push = { event: 'push', channel: 'repo:alice/demo', data: { repository, ref: 'refs/heads/main', after: sha, forced: false, total_commits: 0 } };
  const m = new MergePushes();
  assert.equal(m.repeats(push), false, 'no merge seen yet: the push is shown (and dropped later by its key)');
  assert.equal(MergePushes.keyOf(push), `alice/demo@${sha}`);
  assert.equal(m.merged(merged), `alice/demo@${sha}`);
  assert.equal(m.repeats(push), true);
  // Another repository's push to the same commit, another commit, a forced update: shown.
  assert.equal(m.repeats({ ...push, channel: 'repo:bob/fork', data: { ...push.data, repository: { full_name: 'bob/fork' } } }), false);
  assert.equal(m.repeats({ ...push, data: { ...push.data, after: 'f'.repeat(40) } }), false);
  assert.equal(m.repeats({ ...push, data: { ...push.data, forced: true } }), false);
  assert.equal(m.merged(push), null, 'only pr.merged records a merge');
});

test('the merges remembered are bounded, oldest forgotten first', () => {
  const m = new MergePushes(2);
  const merge = (s) => m.merged({ event: 'pr.merged', data: { repository, merge_sha: s } });
  const push = (s) => ({ event: 'push', data: { repository, after: s } });
  merge('a'); merge('b'); merge('c');
  assert.equal(m.repeats(push('a')), false);
  assert.equal(m.repeats(push('b')), true);
  assert.equal(m.repeats(push('c')), true);
});
