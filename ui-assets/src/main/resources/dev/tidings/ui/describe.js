// Turns event envelopes into plain words and links for feeds and banners. Every value read here
// comes from the network and is only ever placed as text (see dom.js).
import { shortSha, firstLine } from './dom.js';

const ACTIONS = {
  'pr.opened': 'opened pull request',
  'pr.closed': 'closed pull request',
  'pr.reopened': 'reopened pull request',
  'pr.merged': 'merged pull request',
  'pr.synchronized': 'pushed to pull request',
  'pr.review': 'reviewed pull request',
  'pr.review_requested': 'requested a review on pull request',
  'pr.comment': 'commented on pull request',
  'pr.edited': 'edited pull request',
  'pr.assigned': 'assigned pull request',
  'issue.opened': 'opened issue',
  'issue.closed': 'closed issue',
  'issue.reopened': 'reopened issue',
  'issue.edited': 'edited issue',
  'issue.assigned': 'assigned issue',
  'issue.comment': 'commented on issue',
  'repo.created': 'created repository',
  'repo.deleted': 'deleted repository',
};

/** The login of whoever did it. */
export function actorOf(data) {
  const a = data && (data.actor || data.pusher || data.sender);
  return typeof a === 'string' ? a : (a && a.login) || 'someone';
}

/**
 * The login of whoever published a ci.* or custom.* event through the publish API, set by the
 * server (envelope "publisher", or data.publisher where the server puts it today), else null. The
 * publisher controls everything else in data, data.actor included, so feeds say "via <publisher>".
 */
export function publisherOf(msg) {
  if (!msg || typeof msg.event !== 'string' || !/^(ci|custom)\./.test(msg.event)) return null;
  const p = msg.publisher ?? (msg.data && msg.data.publisher);
  return typeof p === 'string' && p !== '' ? p : null;
}

/** refs/heads/main -> main */
export function shortRef(ref) {
  return typeof ref === 'string' ? ref.replace(/^refs\/(heads|tags)\//, '') : '';
}

/** The commits of a push, newest first, in one shape: { sha, message, author, url, timestamp }. */
export function commitsOf(data) {
  const list = Array.isArray(data && data.commits) ? data.commits : [];
  return list.map((c) => ({
    sha: String(c.id || c.sha || ''),
    message: firstLine(c.message || c.summary || ''),
    author: typeof c.author === 'string' ? c.author : (c.author && (c.author.name || c.author.login)) || '',
    url: c.url || c.html_url || '',
    timestamp: c.timestamp || null,
  }));
}

/** Number and title of the issue or pull request an event is about, if any. */
export function itemOf(data) {
  const d = data || {};
  // Some producers nest the item (pull_request/issue objects); Tidings' own events keep it flat.
  const nested = [d.pull_request, d.issue].find((x) => x && typeof x === 'object');
  const item = nested || d;
  const number = Number(item.number ?? d.number);
  return {
    number: Number.isFinite(number) ? number : null,
    title: String(item.title ?? d.title ?? ''),
    url: item.html_url || d.html_url || '',
    state: item.state || d.state || '',
  };
}

/** A comment or review carried by an event: { id, body, author, url, state }. */
export function commentOf(data) {
  const c = (data && (data.comment || data.review)) || {};
  return {
    id: c.id != null ? String(c.id) : null,
    body: String(c.body_excerpt ?? c.body ?? c.excerpt ?? ''),
    author: actorOf(c.user ? { actor: c.user } : data),
    url: c.html_url || c.url || (data && data.comment_url) || '',
    state: c.state || (data && data.review_state) || '',
  };
}

/** One line of words for an event: { text, url }. */
export function summarise(msg) {
  const d = msg.data || {};
  const who = actorOf(d);
  switch (msg.event) {
    case 'push': {
      const total = Number(d.total ?? d.total_commits ?? commitsOf(d).length);
      const n = Number.isFinite(total) ? total : commitsOf(d).length;
      const forced = d.forced ? 'force-pushed' : 'pushed';
      return { text: `${who} ${forced} ${n} commit${n === 1 ? '' : 's'} to ${shortRef(d.ref)}`, url: d.compare_url || d.html_url || '' };
    }
    case 'branch.created':
      return { text: `${who} created branch ${shortRef(d.ref)}`, url: '' };
    case 'branch.deleted':
      return { text: `${who} deleted branch ${shortRef(d.ref)}`, url: '' };
    case 'tag.created':
      return { text: `${who} created tag ${shortRef(d.ref)}`, url: '' };
    case 'tag.deleted':
      return { text: `${who} deleted tag ${shortRef(d.ref)}`, url: '' };
    case 'commit.status': {
      const pct = d.state === 'pending' && Number.isInteger(d.progress) ? ` (${d.progress}%)` : '';
      const sha = typeof d.sha === 'string' ? d.sha.slice(0, 7) : '';
      return { text: `${who}: ${d.context || 'default'} ${d.state}${pct} on ${sha}`, url: d.target_url || d.html_url || '' };
    }
    default: {
      const action = ACTIONS[msg.event];
      const it = itemOf(d);
      if (action && msg.event.startsWith('repo.')) return { text: `${who} ${action} ${d.repository?.full_name || ''}`, url: '' };
      if (action) return { text: `${who} ${action} #${it.number ?? '?'} ${it.title}`.trim(), url: it.url };
      const publisher = publisherOf(msg);
      if (publisher) {
        const claimed = d.actor || d.pusher || d.sender ? who : null;
        const text = claimed && claimed !== publisher ? `${claimed}: ${msg.event} via ${publisher}` : `${publisher}: ${msg.event}`;
        return { text, url: '' };
      }
      return { text: `${who}: ${msg.event}`, url: '' };
    }
  }
}
