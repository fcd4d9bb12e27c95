// <tidings-dashboard>: on the signed-in home page, the live activity of the repositories the user
// watches (GET /api/v1/user/subscriptions; the first MAX_REPOS of them), newest first. On load it
// reads each repository's last HISTORY_PER_REPO events from the log (long-polls with timeout=0;
// less deep for a repository whose log no longer reaches that far), then follows repo:{o}/{n}
// from exactly where that history ended, so nothing falls between history and live, and the
// shared connection resumes with `since` after a drop.
import { getClient } from './client.js';
import { h, api, hostContext } from './dom.js';
import { TidingsFeed } from './feed.js';
import { MergePushes } from './describe.js';
import { MAX_REPOS, MAX_ITEMS, HISTORY_PER_REPO, watchedChannels, historyCursor, positionsOf, lostChannels, shallower, mergeHistory, placeOf } from './dashboard-history.js';

const BASE = '/plugins/tidings';

async function poll(channels, cursor) {
  const q = new URLSearchParams();
  for (const c of channels) q.append('channel', c);
  if (cursor) q.set('cursor', cursor);
  q.set('timeout', '0');
  const res = await fetch(`${BASE}/poll?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`poll ${res.status}`);
  return res.json();
}

/**
 * The events of `channels` from `start` (their positions) `depth` events back, the positions right
 * after them, and the channels whose log no longer reaches that far (`recovered:false`).
 */
async function readBack(channels, start, depth) {
  let cursor = historyCursor(start, depth);
  const events = [];
  let positions = {};
  let lost = [];
  // An answer is bounded (hub.queue.*): continue from its cursor until the history is read.
  for (let round = 0; cursor && round < 10; round++) {
    const answer = await poll(channels, cursor);
    if (round === 0) lost = lostChannels(answer);
    const got = Array.isArray(answer.events) ? answer.events : [];
    events.push(...got);
    positions = { ...positions, ...positionsOf(answer) };
    cursor = answer.cursor;
    if (got.length === 0) break;
  }
  return { events, positions, lost };
}

/**
 * The last HISTORY_PER_REPO events of each channel, and the position right after them. A channel
 * whose log no longer holds that many (retention by age or count) is read again less deep, so
 * the events it still has are shown rather than none.
 */
async function history(channels) {
  const now = positionsOf(await poll(channels, null));
  const events = [];
  let positions = now;
  let todo = Object.keys(now);
  for (let depth = HISTORY_PER_REPO; todo.length > 0 && depth > 0; depth = shallower(depth)) {
    const start = Object.fromEntries(todo.map((c) => [c, now[c]]));
    const got = await readBack(todo, start, depth);
    events.push(...got.events);
    positions = { ...positions, ...got.positions };
    todo = got.lost;
  }
  return { events, positions };
}

export class TidingsDashboard extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    if (!hostContext().user) return;
    this.classList.add('tidings-feed', 'tidings-dashboard');
    this.note = h('p', { class: 'tidings-dashboard__note muted', hidden: true });
    this.bar = h('div', { class: 'tidings-dashboard__bar', role: 'status', 'aria-live': 'polite' });
    this.list = h('ol', { class: 'tidings-feed__list', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.empty = h('p', { class: 'tidings-empty' }, 'Loading activity…');
    this.replaceChildren(h('h2', { class: 'tidings-feed__title' }, this.getAttribute('heading') || 'Activity in repositories you watch'),
      this.note, this.bar, this.empty, this.list);
    this.seen = new Set();
    this.merges = new MergePushes();
    this.start().catch((e) => {
      console.warn('tidings: dashboard failed', e);
      this.empty.textContent = 'Activity could not be loaded.';
    });
  }

  disconnectedCallback() {
    for (const off of this.offs || []) off();
    this.ready = false;
  }

  async start() {
    const { data, headers } = await api('GET', `/api/v1/user/subscriptions?limit=50`);
    const total = Number(headers.get('X-Total-Count')) || (Array.isArray(data) ? data.length : 0);
    const { channels } = watchedChannels(data, MAX_REPOS);
    this.channels = new Set(channels);
    if (channels.length === 0) {
      this.empty.replaceChildren('You watch no repositories yet. Watch one in your ',
        h('a', { href: `${BASE}/settings` }, 'notification settings'), ' to see its activity here.');
      return;
    }
    if (total > channels.length) {
      this.note.textContent = `Showing the activity of ${channels.length} of the ${total} repositories you watch.`;
      this.note.hidden = false;
    }
    const { events, positions } = await history(channels);
    for (const msg of mergeHistory(events, MAX_ITEMS).reverse()) this.add(msg, false);
    this.empty.textContent = 'New activity appears here as it happens.';
    this.empty.hidden = this.list.children.length > 0;
    const client = getClient();
    this.offs = [
      client.on('event', (msg) => this.channels.has(msg.channel) && this.add(msg, true)),
      client.on('resync', (r) => this.channels.has(r.channel) && this.missed()),
    ];
    // From where the history ended: the hub replays what happened since, then goes live.
    for (const c of channels) client.subscribe(c, positions[c] || undefined);
  }

  add(msg, highlight) {
    const key = msg.id || `${msg.channel}#${msg.offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // A host-side merge is one entry (the pr.merged), not also "pushed to main".
    const merge = this.merges.merged(msg);
    if (merge) for (const old of this.list.querySelectorAll(`[data-merge-key="${CSS.escape(merge)}"]`)) old.remove();
    if (this.merges.repeats(msg)) return;
    const item = TidingsFeed.prototype.render.call(this, msg);
    item.dataset.id = key;
    const repo = msg.channel.replace(/^repo:/, '');
    item.dataset.repo = repo;
    const text = item.querySelector('.tidings-feed__line > :first-child');
    if (text) {
      const wrap = h('span', {}, h('span', { class: 'tidings-dashboard__repo' }, repo), ' ');
      text.replaceWith(wrap);
      wrap.append(text);
    }
    const status = item.dataset.statusId;
    if (status) for (const old of this.list.querySelectorAll(`[data-status-id="${CSS.escape(status)}"]`)) old.remove();
    if (Number.isFinite(msg.timestamp)) item.dataset.ts = String(msg.timestamp);
    const entries = [...this.list.children];
    const at = placeOf(entries.map((e) => (e.dataset.ts ? Number(e.dataset.ts) : NaN)), msg.timestamp);
    this.list.insertBefore(item, entries[at] || null);
    this.empty.hidden = true;
    if (highlight) {
      item.classList.add('is-new');
      setTimeout(() => item.classList.remove('is-new'), 2500);
    }
    while (this.list.children.length > MAX_ITEMS) this.list.lastElementChild.remove();
  }

  missed() {
    this.bar.replaceChildren(h('span', {}, 'Some activity could not be loaded. '),
      h('button', { type: 'button', onclick: () => location.reload() }, 'Reload'));
  }
}

customElements.get('tidings-dashboard') || customElements.define('tidings-dashboard', TidingsDashboard);
