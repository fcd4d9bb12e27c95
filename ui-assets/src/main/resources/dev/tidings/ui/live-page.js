// Makes the host's own pages live: new commits on the repository home ([data-host-commits]),
// new comments and reviews on issue and pull request pages ([data-host-timeline]) and their
// state badge ([data-host-state]); anything else that changes the page shows a reload banner.
import { getClient } from './client.js';
import { h, hostContext, safeHref, shortSha } from './dom.js';
import { commitsOf, shortRef, itemOf, commentOf, actorOf, summarise } from './describe.js';
import { liveStatuses } from './ci-status.js';
import { liveList } from './live-lists.js';
import { applyThreadEvent, afterStateChange } from './live-thread.js';

const STATE_WORDS = { open: 'Open', closed: 'Closed', merged: 'Merged' };
const STATE_EVENTS = {
  'pr.closed': 'closed',
  'pr.merged': 'merged',
  'pr.reopened': 'open',
  'issue.closed': 'closed',
  'issue.reopened': 'open',
};

/** Shows "This page has changed — reload" once. */
export function reloadBanner(reason) {
  let banner = document.querySelector('.tidings-reload');
  if (!banner) {
    banner = h('div', { class: 'tidings-reload', role: 'status' },
      h('span', { class: 'tidings-reload__text' }),
      h('button', { type: 'button', onclick: () => location.reload() }, 'Reload'),
      h('button', { type: 'button', class: 'tidings-reload__close', 'aria-label': 'Dismiss', onclick: () => banner.remove() }, '×'));
    document.body.prepend(banner);
  }
  banner.querySelector('.tidings-reload__text').textContent = reason ? `This page has changed (${reason}) — reload to see it.` : 'This page has changed — reload to see it.';
  return banner;
}

/**
 * Live commit list on the repository home and a pull request page: pushes to the listed branch are
 * prepended. The list is looked up per push: a pull request page loaded while closed has none until
 * the pull request is reopened (live-thread.js marks it then).
 */
function liveCommits(client, ctx) {
  if (!document.querySelector('[data-host-commits], [data-host-pull-commits]')) return;
  const channel = `repo:${ctx.repo}`;
  client.subscribe(channel);
  client.on('push', (msg) => {
    const list = document.querySelector('[data-host-commits]');
    // A closed or merged pull request's commit list stops following its head branch (live-thread.js).
    if (msg.channel !== channel || !list || list.hasAttribute('data-host-commits-paused')) return;
    const d = msg.data || {};
    // The list shows the default branch; without a hint from the host, assume main or master.
    const branch = list.dataset.branch || list.dataset.ref || d.default_branch || d.repository?.default_branch || null;
    if (branch ? shortRef(d.ref) !== shortRef(branch) : !['main', 'master'].includes(shortRef(d.ref))) return;
    // Already shown (an event seen twice, or the page was rendered after the push).
    if (typeof d.after === 'string' && list.querySelector(`li[data-sha="${CSS.escape(d.after)}"]`)) return;
    for (const empty of list.querySelectorAll('li:not([data-sha])')) empty.remove();
    if (d.forced) {
      reloadBanner('history was rewritten');
      return;
    }
    const top = () => list.querySelector('li[data-sha]')?.dataset.sha;
    // The push continues from a commit this list does not show on top: it missed pushes (made while
    // a pull request was closed, for example).
    const before = top();
    const gap = before && !d.created && typeof d.before === 'string' && d.before !== before;
    // Oldest first, so that after prepending the newest is on top.
    for (const c of commitsOf(d).reverse()) {
      if (!c.sha || list.querySelector(`[data-sha="${CSS.escape(c.sha)}"]`)) continue;
      const link = safeHref(c.url);
      // Host classes (sha, muted) so that live rows look like the server-rendered ones.
      const li = h('li', { dataset: { sha: c.sha }, class: 'tidings-new' },
        link ? h('a', { href: link, class: 'sha tidings-sha' }, shortSha(c.sha)) : h('code', { class: 'sha tidings-sha' }, shortSha(c.sha)),
        ' ', h('span', { class: 'tidings-commit__message' }, c.message),
        c.author ? h('span', { class: 'muted tidings-commit__author' }, ` — ${c.author}`) : null);
      list.prepend(li);
      setTimeout(() => li.classList.remove('tidings-new'), 2500);
    }
    if (d.truncated) reloadBanner('more commits were pushed');
    // A branch moved to commits the repository already had (a fast-forward merge) lists none.
    else if (gap || (typeof d.after === 'string' && top() !== d.after)) reloadBanner('the branch has commits this list does not show');
  });
  client.on('resync', (r) => r.channel === channel && reloadBanner('missed updates'));
}

/** Live issue or pull request page. */
function liveThread(client, ctx) {
  const isPull = ctx.pull != null;
  const number = isPull ? ctx.pull : ctx.issue;
  const channel = `repo:${ctx.repo}/${isPull ? 'prs' : 'issues'}`;
  const prefix = isPull ? 'pr.' : 'issue.';
  client.subscribe(channel);
  client.on('event', (msg) => {
    if (msg.channel !== channel || !msg.event.startsWith(prefix)) return;
    const d = msg.data || {};
    if (itemOf(d).number !== number) return;
    if (msg.event === 'pr.comment' || msg.event === 'issue.comment' || msg.event === 'pr.review') {
      if (!appendComment(msg, d)) reloadBanner('new comment');
    } else if (STATE_EVENTS[msg.event]) {
      if (!setState(STATE_EVENTS[msg.event])) reloadBanner('state changed');
      else afterStateChange(msg);
    } else {
      // Edits, assignments, review requests and new head commits are shown in place (live-thread.js).
      applyThreadEvent(msg, ctx, number).catch(() => false).then((shown) => shown || reloadBanner(summarise(msg).text));
    }
  });
  client.on('resync', (r) => r.channel === channel && reloadBanner('missed updates'));
}

function appendComment(msg, d) {
  const timeline = document.querySelector('[data-host-timeline]');
  if (!timeline) return false;
  const c = commentOf(d);
  const isReview = msg.event === 'pr.review';
  // Reviews and comments are numbered separately: a review is keyed "review-{id}" (as host pages
  // render it), so review 5 is never mistaken for comment 5.
  const key = c.id == null || c.id === '' ? null : isReview ? `review-${c.id}` : String(c.id);
  if (key && timeline.querySelector(`[data-comment-id="${CSS.escape(key)}"]`)) return true;
  const verb = isReview ? `reviewed${c.state ? ` (${String(c.state).toLowerCase().replace(/_/g, ' ')})` : ''}` : 'commented';
  const li = h('li', { class: 'card tidings-comment tidings-new', dataset: { commentId: key ?? `live-${msg.offset}` } },
    h('header', { class: 'tidings-comment__head' }, h('strong', {}, actorOf(d)), ` ${verb}`),
    c.body ? h('div', { class: 'body tidings-comment__body' }, c.body) : null);
  timeline.append(li);
  setTimeout(() => li.classList.remove('tidings-new'), 2500);
  return true;
}

function setState(state) {
  const badge = document.querySelector('[data-host-state]');
  if (!badge) return false;
  badge.textContent = STATE_WORDS[state] || state;
  badge.setAttribute('data-host-state', state);
  // The host styles the badge with "state open|closed|merged".
  badge.classList.remove('open', 'closed', 'merged');
  badge.classList.add(state);
  return true;
}

/** Wires whatever live parts this page has. */
export function enhancePage() {
  const ctx = hostContext();
  if (!ctx.repo) return;
  const client = getClient();
  liveCommits(client, ctx);
  liveStatuses(client, ctx);
  liveList(client, ctx);
  if (ctx.issue != null || ctx.pull != null) liveThread(client, ctx);
}
