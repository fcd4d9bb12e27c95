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

/** How many commits a push added (total_commits; the listed ones when the producer gives no total). */
export function pushedCount(data) {
  const d = data || {};
  const total = Number(d.total ?? d.total_commits ?? commitsOf(d).length);
  return Number.isFinite(total) ? total : commitsOf(d).length;
}

/**
 * Merging a pull request on the host moves its base branch, and the host reports that as a push
 * (after the pr.merged event) whose new head is the pull request's merge_sha. A feed shows the merge
 * once: remember each merge, and drop the push that only repeats it, whichever arrives first.
 */
export class MergePushes {
  constructor(max = 200) {
    this.max = max;
    this.merges = new Set();
  }

  /** "owner/name@sha" for a pr.merged (its merge_sha) or a push (its new head); else null. */
  static keyOf(msg) {
    const d = (msg && msg.data) || {};
    const repo = (d.repository && d.repository.full_name) || String((msg && msg.channel) || '').replace(/^repo:/, '');
    const sha = msg && msg.event === 'pr.merged' ? d.merge_sha : msg && msg.event === 'push' && !d.forced ? d.after : null;
    return typeof sha === 'string' && sha !== '' && repo ? `${repo}@${sha}` : null;
  }

  /** Records a pr.merged; returns its key (a push with that key already shown should go). */
  merged(msg) {
    const key = msg && msg.event === 'pr.merged' ? MergePushes.keyOf(msg) : null;
    if (!key) return null;
    this.merges.add(key);
    // Oldest out first: a Set iterates in insertion order.
    if (this.merges.size > this.max) this.merges.delete(this.merges.values().next().value);
    return key;
  }

  /** Whether `msg` is a push that only repeats a merge already seen. */
  repeats(msg) {
    const key = msg && msg.event === 'push' ? MergePushes.keyOf(msg) : null;
    return key != null && this.merges.has(key);
  }
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
      const n = pushedCount(d);
      const forced = d.forced ? 'force-pushed' : 'pushed';
      if (n === 0 && typeof d.after === 'string' && d.after !== '') {
        // The branch moved to a commit the repository already had (a fast-forward merge done
        // locally, a reset): no commits to count, so say where the branch is now, as Gitea does.
        const repoUrl = d.repository && typeof d.repository.html_url === 'string' ? d.repository.html_url.replace(/\/$/, '') : '';
        return {
          text: `${who} ${d.forced ? 'force-pushed' : 'updated'} ${shortRef(d.ref)} to ${shortSha(d.after)}`,
          url: repoUrl ? `${repoUrl}/commit/${d.after}` : d.html_url || '',
        };
      }
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
