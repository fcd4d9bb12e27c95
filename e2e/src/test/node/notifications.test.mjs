// Tidings notifications through the real gitea-js client (run by NodeClientTest with BASE_URL,
// ALICE_TOKEN, BOB_TOKEN): watch, list, count, mark. Under Node's fetch a 205 arrives without its
// body (docs/notifications.md), so marks are checked by status and a fresh query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, alice, bob, anonymous, rejectsWith } from './clients.mjs';

const repo = `js-notify-${process.pid}-${Date.now()}`;

/** Polls {@code read} until {@code done} holds (threads are written after the event commits), at most 20 s. */
async function until(read, done, what) {
  const deadline = Date.now() + 20_000;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} not reached within 20 s; last: ${JSON.stringify(last?.data ?? last)}`);
}

test('watch, list, count and mark notifications with gitea-js', async () => {
  const created = await alice.user.createCurrentUserRepo({ name: repo, description: 'notifications from gitea-js' });
  assert.equal(created.status, 201);

  // bob watches the repository.
  const watch = await bob.repos.userCurrentPutSubscription('alice', repo);
  assert.equal(watch.status, 200);
  assert.equal(watch.data.subscribed, true);
  assert.equal(watch.data.ignored, false);
  assert.equal((await bob.repos.userCurrentCheckSubscription('alice', repo)).status, 200);
  const subs = await bob.user.userCurrentListSubscriptions({ limit: 50 });
  assert.ok(subs.data.some((r) => r.full_name === `alice/${repo}`), 'the watched repository is listed');
  assert.ok(Number(subs.headers.get('x-total-count')) >= 1);

  // alice opens two issues; the second mentions bob.
  const plain = await alice.repos.issueCreateIssue('alice', repo, { title: 'Plain issue', body: 'nothing special' });
  const mention = await alice.repos.issueCreateIssue('alice', repo, { title: 'Question', body: '@bob what do you think?' });
  assert.equal(plain.status, 201);
  assert.equal(mention.status, 201);

  const list = await until(() => bob.repos.notifyGetRepoList('alice', repo, {}),
    (r) => r.data.length === 2, 'two threads for bob');
  assert.equal(list.status, 200);
  assert.equal(list.headers.get('x-total-count'), '2');
  const byTitle = Object.fromEntries(list.data.map((t) => [t.subject.title, t]));
  assert.equal(byTitle['Plain issue'].reason, 'subscribed');
  assert.equal(byTitle.Question.reason, 'mention');
  for (const t of list.data) {
    assert.equal(t.subject.type, 'Issue');
    assert.equal(t.subject.state, 'open');
    assert.equal(t.unread, true);
    assert.equal(t.pinned, false);
    assert.equal(t.repository.full_name, `alice/${repo}`);
    assert.equal(t.repository.owner.login, 'alice');
    assert.equal(t.url, `${BASE_URL}/api/v1/notifications/threads/${t.id}`);
    assert.match(t.subject.url, new RegExp(`/api/v1/repos/alice/${repo}/issues/\\d+$`));
  }

  // The global list filters by subject type and repeated status-types; the count sees both.
  const issues = await bob.notifications.notifyGetList({ 'subject-type': ['issue'], 'status-types': ['unread', 'pinned'], limit: 50 });
  assert.ok(Number(issues.headers.get('x-total-count')) >= issues.data.length);
  assert.ok(issues.data.every((t) => t.subject.type === 'Issue'));
  const count = await bob.notifications.notifyNewAvailable();
  assert.equal(count.status, 200);
  assert.ok(count.data.new >= 2, `new=${count.data.new}`);

  // Mark one thread read (205; the body is dropped by fetch), then see it read.
  const id = String(byTitle.Question.id);
  const patched = await bob.notifications.notifyReadThread(id, { 'to-status': 'read' });
  assert.equal(patched.status, 205);
  const one = await bob.notifications.notifyGetThread(id);
  assert.equal(one.data.unread, false);
  assert.equal((await bob.notifications.notifyNewAvailable()).data.new, count.data.new - 1);

  // Pin it, then everything in the repository read.
  assert.equal((await bob.notifications.notifyReadThread(id, { 'to-status': 'pinned' })).status, 205);
  assert.equal((await bob.notifications.notifyGetThread(id)).data.pinned, true);
  const marked = await bob.repos.notifyReadRepoList('alice', repo, { all: 'true', 'to-status': 'read' });
  assert.equal(marked.status, 205);
  const after = await bob.repos.notifyGetRepoList('alice', repo, {});
  assert.equal(after.data.length, 0);
  assert.equal(after.headers.get('x-total-count'), '0');
  const all = await bob.repos.notifyGetRepoList('alice', repo, { all: true });
  assert.equal(all.data.length, 2);
  assert.ok(all.data.every((t) => !t.unread && !t.pinned));

  // And back to unread with status-types=read (Gitea's own test).
  const back = await bob.repos.notifyReadRepoList('alice', repo, { 'status-types': ['read'], 'to-status': 'unread' });
  assert.equal(back.status, 205);
  assert.equal((await bob.repos.notifyGetRepoList('alice', repo, {})).data.length, 2);

  // Someone else's thread (alice is a site admin: she may read it, not change it), a missing one,
  // anonymous, a bad time.
  assert.equal((await alice.notifications.notifyGetThread(id)).status, 200);
  await rejectsWith(alice.notifications.notifyReadThread(id, { 'to-status': 'read' }), 403);
  await rejectsWith(bob.notifications.notifyGetThread('999999999'), 404);
  const err = await rejectsWith(anonymous.notifications.notifyNewAvailable(), 401);
  assert.equal(err.message, 'token is required');
  await rejectsWith(bob.notifications.notifyGetList({ since: 'yesterday' }), 422);

  // Unwatch.
  assert.equal((await bob.repos.userCurrentDeleteSubscription('alice', repo)).status, 204);
  await rejectsWith(bob.repos.userCurrentCheckSubscription('alice', repo), 404);
});
