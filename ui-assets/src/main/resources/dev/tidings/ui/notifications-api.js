// Calls for notification threads (Gitea-compatible /api/v1) and preferences (/plugins/tidings/api),
// plus the small bits of shared knowledge about threads (labels, kinds) the widgets need.
import { api } from './dom.js';

export const PREFS_URL = '/plugins/tidings/api/preferences';

/** Unread thread count. */
export async function unreadCount() {
  const { data } = await api('GET', '/api/v1/notifications/new');
  return data && typeof data.new === 'number' ? data.new : 0;
}

/** Threads, newest first: { all, limit, page, repo } . */
export async function listThreads({ all = false, limit = 10, page = 1, repo = null } = {}) {
  const q = new URLSearchParams({ limit: String(limit), page: String(page) });
  if (all) q.set('all', 'true');
  const path = repo ? `/api/v1/repos/${repo}/notifications` : '/api/v1/notifications';
  const res = await api('GET', `${path}?${q}`);
  const total = Number(res.headers.get('X-Total-Count'));
  return { threads: Array.isArray(res.data) ? res.data : [], total: Number.isFinite(total) ? total : null };
}

export function markRead(id) {
  return api('PATCH', `/api/v1/notifications/threads/${encodeURIComponent(id)}?to-status=read`);
}

export function markUnread(id) {
  return api('PATCH', `/api/v1/notifications/threads/${encodeURIComponent(id)}?to-status=unread`);
}

export function markAllRead() {
  return api('PUT', '/api/v1/notifications');
}

export async function loadPreferences() {
  return (await api('GET', PREFS_URL)).data;
}

/** Human words for a thread's reason. */
export const REASONS = {
  subscribed: 'Watching',
  manual: 'Subscribed',
  push: 'Push',
  state_change: 'State change',
  comment: 'Comment',
  author: 'Author',
  assign: 'Assigned',
  review_requested: 'Review requested',
  mention: 'Mention',
};

/** Reads the fields the widgets show from a NotificationThread (Gitea form + Tidings extensions). */
export function describe(t) {
  const subject = t.subject || {};
  const repo = t.repository ? t.repository.full_name || `${t.repository.owner?.login}/${t.repository.name}` : t.repo || '';
  const actor = typeof t.actor === 'string' ? t.actor : t.actor?.login || t.latest_actor || '';
  return {
    id: t.id,
    unread: t.unread !== false,
    reason: t.reason || '',
    reasonLabel: REASONS[t.reason] || t.reason || '',
    repo,
    title: subject.title || t.title || '',
    type: subject.type || '',
    state: subject.state || '',
    href: subject.latest_comment_html_url || subject.html_url || t.html_url || '',
    actor,
    updatedAt: t.updated_at || t.updatedAt || null,
    event: t.latest_event || t.event || '',
    kind: t.kind || null,
  };
}

/** Which preference kind (pushes, prs, issues, comments, reviews, mentions, assignments) a thread falls under. */
export function kindOf(d) {
  if (d.kind) return d.kind;
  switch (d.reason) {
    case 'mention':
      return 'mentions';
    case 'assign':
    case 'review_requested':
      return 'assignments';
    case 'push':
      return 'pushes';
    default:
      break;
  }
  if (/review/.test(d.event)) return 'reviews';
  if (/comment/.test(d.event) || d.reason === 'comment') return 'comments';
  if (d.type === 'Commit' || /^push/.test(d.event)) return 'pushes';
  return d.type === 'Pull' ? 'prs' : 'issues';
}
