// <tidings-notifications>: the full notifications page with filters (unread/all, repository,
// reason), mark read/unread per thread and mark all read; follows user:{login} live.
import { getClient } from './client.js';
import { h, hostContext, relativeTime, safeHref } from './dom.js';
import { listThreads, markRead, markUnread, markAllRead, describe, REASONS } from './notifications-api.js';

const PAGE = 50;
const MAX_PAGES = 4;

/** The notifications inbox. */
export class TidingsNotifications extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.user = hostContext().user;
    this.classList.add('tidings-inbox');
    if (!this.user) {
      this.replaceChildren(h('p', { class: 'tidings-empty' }, 'Sign in to see your notifications.'));
      return;
    }
    const params = new URLSearchParams(location.search);
    this.filter = { status: params.get('status') === 'all' ? 'all' : 'unread', repo: params.get('repo') || '', reason: params.get('reason') || '' };
    this.threads = [];
    this.statusGroup = h('div', { class: 'tidings-segmented', role: 'group', 'aria-label': 'Show' });
    for (const [value, label] of [['unread', 'Unread'], ['all', 'All']]) {
      this.statusGroup.append(h('button', { type: 'button', 'data-value': value, onclick: () => this.set('status', value) }, label));
    }
    this.repoSelect = h('select', { id: 'tidings-filter-repo', onchange: (e) => this.set('repo', e.target.value) });
    this.reasonSelect = h('select', { id: 'tidings-filter-reason', onchange: (e) => this.set('reason', e.target.value) },
      h('option', { value: '' }, 'Any reason'),
      Object.entries(REASONS).map(([v, l]) => h('option', { value: v }, l)));
    this.reasonSelect.value = this.filter.reason;
    this.markAll = h('button', { type: 'button', class: 'tidings-button', onclick: () => markAllRead().then(() => this.changed()) }, 'Mark all as read');
    this.message = h('p', { class: 'tidings-inbox__message', role: 'status' });
    this.list = h('ul', { class: 'tidings-threads tidings-threads--page' });
    this.replaceChildren(
      h('div', { class: 'tidings-toolbar' },
        this.statusGroup,
        h('label', { class: 'tidings-field' }, h('span', {}, 'Repository'), this.repoSelect),
        h('label', { class: 'tidings-field' }, h('span', {}, 'Reason'), this.reasonSelect),
        h('span', { class: 'tidings-toolbar__spacer' }),
        this.markAll),
      this.message, this.list);
    const client = getClient();
    client.subscribe(`user:${this.user}`);
    for (const name of ['notification', 'notification.read', 'notification.updated']) {
      client.on(name, (m) => m.channel === `user:${this.user}` && this.load());
    }
    if ('BroadcastChannel' in window) {
      this.bc = new BroadcastChannel('tidings');
      this.bc.onmessage = (e) => e.data === 'notifications-changed' && this.load();
    }
    this.load();
  }

  set(key, value) {
    this.filter[key] = value;
    const q = new URLSearchParams();
    if (this.filter.status === 'all') q.set('status', 'all');
    if (this.filter.repo) q.set('repo', this.filter.repo);
    if (this.filter.reason) q.set('reason', this.filter.reason);
    history.replaceState(null, '', `${location.pathname}${q.toString() ? `?${q}` : ''}`);
    this.load();
  }

  changed() {
    if (this.bc) this.bc.postMessage('notifications-changed');
    this.load();
  }

  async load() {
    for (const b of this.statusGroup.children) b.setAttribute('aria-pressed', String(b.dataset.value === this.filter.status));
    let threads = [];
    try {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { threads: batch } = await listThreads({ all: this.filter.status === 'all', limit: PAGE, page });
        threads = threads.concat(batch);
        if (batch.length < PAGE) break;
      }
    } catch (e) {
      this.message.textContent = `Could not load notifications: ${e.message}`;
      return;
    }
    this.threads = threads.map(describe);
    this.renderRepos();
    this.render();
  }

  renderRepos() {
    const repos = [...new Set(this.threads.map((t) => t.repo).filter(Boolean))].sort();
    if (this.filter.repo && !repos.includes(this.filter.repo)) repos.unshift(this.filter.repo);
    this.repoSelect.replaceChildren(h('option', { value: '' }, 'All repositories'), repos.map((r) => h('option', { value: r }, r)));
    this.repoSelect.value = this.filter.repo;
  }

  render() {
    const shown = this.threads.filter((t) => (!this.filter.repo || t.repo === this.filter.repo) && (!this.filter.reason || t.reason === this.filter.reason));
    const unread = this.threads.filter((t) => t.unread).length;
    this.markAll.disabled = unread === 0;
    this.message.textContent = shown.length === 0
      ? (this.filter.status === 'unread' ? 'No unread notifications. You are all caught up.' : 'No notifications match these filters.')
      : `${shown.length} notification${shown.length === 1 ? '' : 's'}`;
    this.list.replaceChildren(...shown.map((d) => this.item(d)));
  }

  item(d) {
    const link = safeHref(d.href);
    const toggle = h('button', { type: 'button', class: 'tidings-button tidings-button--small',
      onclick: () => (d.unread ? markRead(d.id) : markUnread(d.id)).then(() => this.changed()) }, d.unread ? 'Mark as read' : 'Mark as unread');
    return h('li', { class: `tidings-thread${d.unread ? ' is-unread' : ''}`, dataset: { threadId: String(d.id) } },
      h('div', { class: 'tidings-thread__meta' },
        d.reasonLabel ? h('span', { class: 'tidings-chip' }, d.reasonLabel) : null,
        h('span', { class: 'tidings-thread__repo' }, d.repo),
        d.type ? h('span', { class: 'tidings-thread__type' }, d.type === 'Pull' ? 'Pull request' : d.type) : null,
        d.state ? h('span', { class: `tidings-state tidings-state--${d.state}` }, d.state) : null),
      link ? h('a', { href: link, class: 'tidings-thread__title' }, d.title) : h('span', { class: 'tidings-thread__title' }, d.title),
      h('div', { class: 'tidings-thread__meta' },
        d.actor ? h('span', {}, d.actor) : null,
        d.updatedAt ? h('time', { datetime: d.updatedAt, title: d.updatedAt }, relativeTime(d.updatedAt)) : null),
      h('div', { class: 'tidings-thread__actions' }, toggle));
  }
}

customElements.get('tidings-notifications') || customElements.define('tidings-notifications', TidingsNotifications);
