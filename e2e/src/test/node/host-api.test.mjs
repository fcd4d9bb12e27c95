// The sample host's Gitea API v1 driven by the real gitea-js client (run by NodeClientTest).
// Env: BASE_URL (no trailing slash), ALICE_TOKEN, BOB_TOKEN. Needs the git CLI for the PR branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { giteaApi } from 'gitea-js';
import { ALICE_TOKEN, BASE_URL, alice, bob, anonymous, rejectsWith } from './clients.mjs';

const suffix = `${process.pid}-${Date.now()}`;

/** Runs git with a bounded time; throws with git's output on failure. */
function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd, timeout: 30_000, encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: 'alice@example.com',
      GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: 'alice@example.com' },
  });
}

test('current user and public profile', async () => {
  const me = await alice.user.userGetCurrent();
  assert.equal(me.status, 200);
  assert.equal(me.data.login, 'alice');
  assert.equal(me.data.username, 'alice');
  const other = await bob.users.userGet('alice');
  assert.equal(other.data.login, 'alice');
  const err = await rejectsWith(anonymous.user.userGetCurrent(), 401);
  assert.equal(err.message, 'token is required');
});

test('repository create, get, 409 on duplicate, 422 without name, 404 for invisible', async () => {
  const name = `js-repo-${suffix}`;
  const created = await alice.user.createCurrentUserRepo({ name, description: 'from gitea-js', private: true });
  assert.equal(created.status, 201);
  assert.equal(created.data.full_name, `alice/${name}`);
  assert.equal(created.data.private, true);
  assert.equal(created.data.owner.login, 'alice');
  const got = await alice.repos.repoGet('alice', name);
  assert.equal(got.data.permissions.admin, true);
  await rejectsWith(alice.user.createCurrentUserRepo({ name }), 409);
  const bad = await rejectsWith(alice.user.createCurrentUserRepo({ description: 'no name' }), 422);
  assert.equal(bad.message, '[Name]: Required');
  await rejectsWith(bob.repos.repoGet('alice', name), 404);
  await rejectsWith(bob.repos.repoGet('acme', 'secret'), 404);
  const deleted = await alice.repos.repoDelete('alice', name);
  assert.equal(deleted.status, 204);
  await rejectsWith(alice.repos.repoGet('alice', name), 404);
});

test('issue, comment, edit and list with paging headers', async () => {
  const issue = await alice.repos.issueCreateIssue('alice', 'demo', { title: `js issue ${suffix}`, body: 'hello' });
  assert.equal(issue.status, 201);
  assert.equal(issue.data.state, 'open');
  assert.equal(issue.data.pull_request, null);
  const n = issue.data.number;
  const comment = await bob.repos.issueCreateComment('alice', 'demo', n, { body: 'a comment from bob' });
  assert.equal(comment.status, 201);
  assert.equal(comment.data.user.login, 'bob');
  const comments = await alice.repos.issueGetComments('alice', 'demo', n);
  assert.ok(comments.data.some((c) => c.body === 'a comment from bob'));
  const edited = await alice.repos.issueEditIssue('alice', 'demo', n, { state: 'closed', assignees: ['alice'] });
  assert.equal(edited.status, 201);
  assert.equal(edited.data.state, 'closed');
  assert.deepEqual(edited.data.assignees.map((u) => u.login), ['alice']);
  const closed = await alice.repos.issueListIssues('alice', 'demo', { state: 'closed', type: 'issues', limit: 1 });
  assert.equal(closed.status, 200);
  assert.ok(Number(closed.headers.get('x-total-count')) >= 1);
  assert.equal(closed.data.length, 1);
  const bad = await rejectsWith(alice.repos.issueCreateIssue('alice', 'demo', { body: 'no title' }), 422);
  assert.equal(bad.message, '[Title]: Required');
});

test('pull request: create, review, request reviewer, merge, merge again', async () => {
  const branch = `js-feature-${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'gitea-js-'));
  try {
    const url = new URL(`${BASE_URL}/alice/demo.git`);
    url.username = 'alice';
    url.password = ALICE_TOKEN;
    git(dir, 'clone', '--quiet', url.toString(), 'demo');
    const work = join(dir, 'demo');
    git(work, 'checkout', '--quiet', '-b', branch);
    writeFileSync(join(work, `${branch}.txt`), 'from gitea-js\n');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', `add ${branch}`);
    git(work, 'push', '--quiet', 'origin', branch);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pr = await alice.repos.repoCreatePullRequest('alice', 'demo', { head: branch, base: 'main', title: `js PR ${suffix}` });
  assert.equal(pr.status, 201);
  assert.equal(pr.data.state, 'open');
  assert.equal(pr.data.head.ref, branch);
  assert.equal(pr.data.base.ref, 'main');
  const n = pr.data.number;
  await rejectsWith(alice.repos.repoCreatePullRequest('alice', 'demo', { head: branch, base: 'main', title: 'again' }), 409);
  const asIssue = await alice.repos.issueGetIssue('alice', 'demo', n);
  assert.notEqual(asIssue.data.pull_request, null);

  const requested = await alice.repos.repoCreatePullReviewRequests('alice', 'demo', n, { reviewers: ['bob'] });
  assert.equal(requested.status, 201);
  assert.equal(requested.data[0].state, 'REQUEST_REVIEW');
  const withReviewer = await alice.repos.repoGetPullRequest('alice', 'demo', n);
  assert.deepEqual(withReviewer.data.requested_reviewers.map((u) => u.login), ['bob']);

  const own = await rejectsWith(alice.repos.repoCreatePullReview('alice', 'demo', n, { event: 'APPROVED' }), 422);
  assert.match(own.message, /approve your own pull is not allowed/);
  await rejectsWith(bob.repos.repoCreatePullReview('alice', 'demo', n, { event: 'REQUEST_CHANGES' }), 422);
  const review = await bob.repos.repoCreatePullReview('alice', 'demo', n, { event: 'COMMENT', body: 'looks fine' });
  assert.equal(review.status, 200);
  assert.equal(review.data.state, 'COMMENT');
  const reviews = await alice.repos.repoListPullReviews('alice', 'demo', n);
  assert.ok(reviews.data.some((r) => r.user.login === 'bob' && r.state === 'COMMENT'));

  await rejectsWith(alice.repos.repoPullRequestIsMerged('alice', 'demo', n), 404);
  const merged = await alice.repos.repoMergePullRequest('alice', 'demo', n, { Do: 'merge' });
  assert.equal(merged.status, 200);
  const isMerged = await alice.repos.repoPullRequestIsMerged('alice', 'demo', n);
  assert.equal(isMerged.status, 204);
  await rejectsWith(alice.repos.repoMergePullRequest('alice', 'demo', n, { Do: 'merge' }), 405);
  const after = await alice.repos.repoGetPullRequest('alice', 'demo', n);
  assert.equal(after.data.merged, true);
  assert.equal(after.data.state, 'closed');
  const branches = await alice.repos.repoListBranches('alice', 'demo');
  assert.ok(branches.data.some((b) => b.name === 'main'));
});

test('tokens need Basic auth with the password', async () => {
  const basic = giteaApi(BASE_URL);
  const auth = { headers: { Authorization: `Basic ${Buffer.from(`bob:${process.env.BOB_PASSWORD ?? 'tidings-bob'}`).toString('base64')}` } };
  const token = await basic.users.userCreateToken('bob', { name: `js-${suffix}`, scopes: ['read:user'] }, auth);
  assert.equal(token.status, 201);
  assert.equal(token.data.sha1.length, 40);
  const scoped = giteaApi(BASE_URL, { token: token.data.sha1 });
  assert.equal((await scoped.user.userGetCurrent()).data.login, 'bob');
  await rejectsWith(scoped.user.createCurrentUserRepo({ name: `scoped-${suffix}` }), 403);
  await rejectsWith(bob.users.userCreateToken('bob', { name: `via-token-${suffix}`, scopes: ['all'] }), 401);
});

test('organization, team membership and collaborators', async () => {
  const org = `js-org-${suffix}`;
  const created = await alice.orgs.orgCreate({ username: org, full_name: 'JS Org' });
  assert.equal(created.status, 201);
  assert.equal(created.data.name, org);
  const teams = await alice.orgs.orgListTeams(org);
  assert.deepEqual(teams.data.map((t) => t.name), ['Owners']);
  const team = await alice.orgs.orgCreateTeam(org, {
    name: 'devs', permission: 'write', includes_all_repositories: true, units: ['repo.code', 'repo.issues', 'repo.pulls'],
  });
  assert.equal(team.status, 201);
  assert.equal((await alice.teams.orgAddTeamMember(team.data.id, 'bob')).status, 204);
  assert.equal((await alice.orgs.orgIsMember(org, 'bob')).status, 204);
  const repo = await alice.orgs.createOrgRepo(org, { name: 'team-repo', private: true });
  assert.equal(repo.status, 201);
  assert.equal((await bob.repos.repoGet(org, 'team-repo')).data.permissions.push, true);
  assert.equal((await alice.orgs.orgDeleteMember(org, 'bob')).status, 204);
  await rejectsWith(bob.repos.repoGet(org, 'team-repo'), 404);

  assert.equal((await alice.repos.repoAddCollaborator(org, 'team-repo', 'bob', { permission: 'read' })).status, 204);
  assert.equal((await alice.repos.repoCheckCollaborator(org, 'team-repo', 'bob')).status, 204);
  const perm = await bob.repos.repoGetRepoPermissions(org, 'team-repo', 'bob');
  assert.equal(perm.data.permission, 'read');
  const collaborators = await alice.repos.repoListCollaborators(org, 'team-repo');
  assert.deepEqual(collaborators.data.map((u) => u.login), ['bob']);
  assert.equal((await alice.repos.repoDeleteCollaborator(org, 'team-repo', 'bob')).status, 204);
  await rejectsWith(alice.repos.repoCheckCollaborator(org, 'team-repo', 'bob'), 404);
});
