// <tidings-feed channel="repo:owner/name">: the live activity of a repository, newest first.
// New entries slide in at the top with a short highlight; when the reader has scrolled down,
// a "N new events" button appears instead of moving the list under them.
import { getClient } from './client.js';
import { h, hostContext, safeHref, shortSha, relativeTime } from './dom.js';
import { summarise, commitsOf, pushedCount, MergePushes } from './describe.js';

const MAX_ITEMS = 50;

/** The live activity list for one channel. */
export class TidingsFeed extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    // Without a channel attribute, follow the repository of the page (<body data-host-repo>).
    const repo = hostContext().repo;
    this.channel = this.getAttribute('channel') || (repo ? `repo:${repo}` : null);
    if (!this.channel) return;
    this.classList.add('tidings-feed');
    this.pending = [];
    this.merges = new MergePushes();
    this.banner = h('button', { type: 'button', class: 'tidings-feed__banner', hidden: true, onclick: () => this.showPending(true) });
    this.list = h('ol', { class: 'tidings-feed__list', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.empty = h('p', { class: 'tidings-empty' }, 'New activity appears here as it happens.');
    this.replaceChildren(
      h('h2', { class: 'tidings-feed__title' }, this.getAttribute('heading') || 'Live activity'),
      this.banner, this.empty, this.list);
    const client = getClient();
    client.subscribe(this.channel);
    this.off = client.on('event', (msg) => msg.channel === this.channel && this.add(msg));
    this.onScroll = () => {
      if (this.pending.length && this.atTop()) this.showPending(false);
    };
    addEventListener('scroll', this.onScroll, { passive: true });
  }

  disconnectedCallback() {
    if (this.off) this.off();
    removeEventListener('scroll', this.onScroll);
    this.ready = false;
  }

  // The top of the list is visible, so adding above it does not push what the reader looks at.
  atTop() {
    const r = this.list.getBoundingClientRect();
    return r.top >= 0 || window.scrollY < 10;
  }

  add(msg) {
    // A host-side merge is one entry (the pr.merged), not also "pushed to main".
    const merge = this.merges.merged(msg);
    if (merge) {
      for (const old of this.list.querySelectorAll(`[data-merge-key="${CSS.escape(merge)}"]`)) old.remove();
      this.pending = this.pending.filter((p) => p.dataset.mergeKey !== merge);
    }
    if (this.merges.repeats(msg)) return;
    const item = this.render(msg);
    if (this.atTop()) {
      this.insert(item, true);
    } else {
      this.pending.push(item);
      const n = this.pending.length;
      this.banner.textContent = `${n} new event${n === 1 ? '' : 's'} — show`;
      this.banner.hidden = false;
    }
  }

  showPending(scroll) {
    for (const item of this.pending) this.insert(item, true);
    this.pending = [];
    this.merges = new MergePushes();
    this.banner.hidden = true;
    if (scroll) this.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  insert(item, highlight) {
    this.empty.hidden = true;
    // A CI job's progress updates keep one status id: one line that moves up, not one line each.
    const status = item.dataset.statusId;
    if (status) for (const old of this.list.querySelectorAll(`[data-status-id="${CSS.escape(status)}"]`)) old.remove();
    this.list.prepend(item);
    if (highlight) {
      item.classList.add('is-new');
      setTimeout(() => item.classList.remove('is-new'), 2500);
    }
    while (this.list.children.length > MAX_ITEMS) this.list.lastElementChild.remove();
  }

  render(msg) {
    const { text, url } = summarise(msg);
    const href = safeHref(url);
    const when = msg.timestamp ? h('time', { datetime: new Date(msg.timestamp).toISOString(), class: 'tidings-feed__time' }, relativeTime(msg.timestamp)) : null;
    const li = h('li', { class: 'tidings-feed__item', dataset: { event: msg.event, offset: String(msg.offset ?? '') } },
      h('div', { class: 'tidings-feed__line' }, href ? h('a', { href }, text) : h('span', {}, text), when));
    if (msg.event === 'commit.status' && msg.data && msg.data.id != null) li.dataset.statusId = String(msg.data.id);
    if (msg.event === 'push') {
      const key = MergePushes.keyOf(msg);
      if (key) li.dataset.mergeKey = key;
      const commits = commitsOf(msg.data);
      if (commits.length) {
        const ul = h('ul', { class: 'tidings-feed__commits' });
        for (const c of commits.slice(0, 5)) {
          const link = safeHref(c.url);
          ul.append(h('li', { dataset: { sha: c.sha } },
            link ? h('a', { href: link, class: 'tidings-sha' }, shortSha(c.sha)) : h('code', { class: 'tidings-sha' }, shortSha(c.sha)),
            ' ', h('span', { class: 'tidings-feed__message' }, c.message)));
        }
        const more = pushedCount(msg.data) - Math.min(commits.length, 5);
        if (more > 0) ul.append(h('li', { class: 'tidings-feed__more' }, `and ${more} more`));
        li.append(ul);
      }
    }
    return li;
  }
}

customElements.get('tidings-feed') || customElements.define('tidings-feed', TidingsFeed);
