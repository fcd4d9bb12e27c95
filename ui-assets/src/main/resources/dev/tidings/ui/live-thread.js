// The parts of an issue or pull request page besides its timeline and state badge (live-page.js),
// updated in place from the thread's own events: title ([data-host-title]) and body
// ([data-host-body]) after an edit, assignees ([data-host-assignees]), requested reviewers
// ([data-host-reviewers]), the head commit of a pull request ([data-host-head], the Checks section
// and the merge form follow it) and what a merge or close changes around the badge (forms marked
// [data-host-open-only], the close/reopen form [data-host-state-form], [data-host-merge-info]).
import { h, api, shortSha } from './dom.js';
import { actorOf } from './describe.js';

/** "alice, bob" from a list of logins (or user objects). */
export function loginList(list) {
  return (Array.isArray(list) ? list : []).map((u) => (typeof u === 'string' ? u : u && u.login) || '').filter(Boolean);
}

/**
 * An excerpt that may have been cut (events carry at most 280 characters of a body, and a cut one
 * ends with "…"); a body that really ends with "…" only costs one REST read.
 */
export function isCut(excerpt) {
  return typeof excerpt === 'string' && excerpt.endsWith('…');
}

function setAssignees(d) {
  const el = document.querySelector('[data-host-assignees]');
  if (!el || !Array.isArray(d.assignees)) return false;
  const logins = loginList(d.assignees);
  el.setAttribute('data-host-assignees', logins.join(' '));
  el.textContent = logins.length ? ` · assigned to ${logins.join(', ')}` : '';
  flash(el);
  return true;
}

function setReviewers(d) {
  const el = document.querySelector('[data-host-reviewers]');
  if (!el || !Array.isArray(d.requested_reviewers)) return false;
  const logins = loginList(d.requested_reviewers);
  el.hidden = logins.length === 0;
  el.replaceChildren('Review requested from ', h('span', { class: 'reviewers' }, logins.join(', ')));
  flash(el);
  return true;
}

async function setTitleAndBody(ctx, number, d) {
  const title = document.querySelector('[data-host-title]');
  if (title && typeof d.title === 'string' && title.textContent !== d.title) {
    const old = title.textContent;
    title.textContent = d.title;
    if (old && document.title.startsWith(old)) document.title = d.title + document.title.slice(old.length);
    flash(title);
  }
  const body = document.querySelector('[data-host-body]');
  if (!body) return false;
  let text = typeof d.body_excerpt === 'string' ? d.body_excerpt : null;
  // A long body comes cut in the event: read it whole from the host's REST API.
  if (text === null || isCut(text)) {
    const { data } = await api('GET', `/api/v1/repos/${ctx.repo}/issues/${number}`);
    text = data && typeof data.body === 'string' ? data.body : null;
  }
  if (text === null) return false;
  body.textContent = text;
  body.hidden = text.trim() === '';
  flash(body);
  return true;
}

/** A new head commit: the head sha, the Checks section (empty for the new head) and the merge form follow it. */
function setHead(d) {
  const sha = typeof d.after === 'string' ? d.after : d.head_sha;
  if (typeof sha !== 'string' || sha === '') return false;
  const head = document.querySelector('[data-host-head]');
  if (head) {
    head.setAttribute('data-host-head', sha);
    head.textContent = shortSha(sha);
    flash(head);
  }
  const checks = document.querySelector('[data-host-statuses]');
  if (checks && checks.dataset.sha !== sha) {
    checks.dataset.sha = sha;
    const list = checks.querySelector('.ci-contexts');
    if (list) list.replaceChildren();
    const summary = checks.querySelector('[data-host-combined-status]');
    if (summary) {
      summary.dataset.hostCombinedStatus = '';
      summary.replaceChildren('No checks reported for this commit yet.');
    }
  }
  const field = document.querySelector('form [name="head_commit_id"]');
  if (field) field.value = sha;
  return true;
}

/** What a state change changes besides the badge: forms, and the merge line. */
export function afterStateChange(msg) {
  const d = msg.data || {};
  const state = msg.event === 'pr.merged' ? 'merged' : /\.closed$/.test(msg.event) ? 'closed' : 'open';
  for (const el of document.querySelectorAll('[data-host-open-only]')) el.hidden = state !== 'open';
  // A pull request's commits are those of its head branch only while it is open. A page loaded
  // while the pull request was closed renders a list that follows nothing: reopened, it follows
  // the head branch (live-page.js looks the list up per push).
  let commits = document.querySelector('[data-host-pull-commits] [data-host-commits]');
  const still = document.querySelector('[data-host-pull-commits] ul');
  if (!commits && still && state === 'open' && typeof d.head === 'string' && d.head !== '') {
    still.setAttribute('data-host-commits', '');
    still.dataset.branch = d.head;
    commits = still;
  }
  if (commits) commits.toggleAttribute('data-host-commits-paused', state !== 'open');
  const form = document.querySelector('[data-host-state-form]');
  if (form) {
    form.hidden = state === 'merged';
    const field = form.querySelector('[name="state"]');
    if (field) field.value = state === 'open' ? 'closed' : 'open';
    const button = form.querySelector('button');
    if (button) button.textContent = state === 'open' ? 'Close' : 'Reopen';
  }
  const info = document.querySelector('[data-host-merge-info]');
  if (info && state === 'merged' && !info.querySelector('.tidings-merged')) {
    info.append(h('span', { class: 'tidings-merged' }, ` · merged by ${actorOf(d)} just now`,
      d.merge_sha ? [' as ', h('span', { class: 'sha' }, shortSha(d.merge_sha))] : null));
  }
}

/**
 * Applies an event of this thread that is not a comment, review or state change. Returns a
 * promise of whether the page shows it now (false: the caller shows the reload banner).
 */
export async function applyThreadEvent(msg, ctx, number) {
  const d = msg.data || {};
  switch (msg.event) {
    case 'issue.edited':
    case 'pr.edited':
      return setTitleAndBody(ctx, number, d);
    case 'issue.assigned':
    case 'pr.assigned':
      return setAssignees(d);
    case 'pr.review_requested':
      return setReviewers(d);
    case 'pr.synchronized':
      // The new commits themselves come with the push on repo:{o}/{n} ([data-host-commits] on the head branch).
      return setHead(d);
    default:
      return false;
  }
}

function flash(el) {
  el.classList.add('tidings-new');
  setTimeout(() => el.classList.remove('tidings-new'), 2500);
}
