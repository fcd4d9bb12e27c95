// Live issue and pull request lists ([data-host-list="issues"|"pulls"]) and their Open/Closed
// counters ([data-host-count="open"|"closed"]), from repo:{owner}/{name}/issues or /prs. New items
// that match the list's state are not inserted under the reader: a "N new issues — show" bar
// (aria-live polite) inserts them at the top when clicked. Rows already shown update in place
// (title, state, comment count). A resync offers a reload, the only reload this list asks for.
import { h, safeHref } from './dom.js';
import { itemOf, actorOf } from './describe.js';

const WORDS = { open: 'Open', closed: 'Closed', merged: 'Merged' };

/** The state an event leaves its item in, or null when it does not change the state. */
export function stateAfter(event) {
  if (/\.(opened|reopened)$/.test(event)) return 'open';
  if (event === 'pr.merged') return 'merged';
  if (/\.closed$/.test(event)) return 'closed';
  return null;
}

/** Open and closed counters of a list kept consistent with the events seen (each item counted once). */
export class ListCounts {
  constructor(open, closed, known = new Map()) {
    this.open = open;
    this.closed = closed;
    /** number -> 'open' | 'closed' (merged counts as closed, as the host's lists do) */
    this.known = known;
  }

  /** Applies one event of item `number`; returns whether a counter changed. */
  apply(event, number) {
    let to = stateAfter(event);
    if (to === null || number == null) return false;
    if (to === 'merged') to = 'closed';
    // An item not seen before was open unless the event opens it.
    const from = this.known.get(number) ?? (/\.opened$/.test(event) ? null : 'open');
    this.known.set(number, to);
    if (from === to) return false;
    if (from) this[from] -= 1;
    this[to] += 1;
    this.open = Math.max(0, this.open);
    this.closed = Math.max(0, this.closed);
    return true;
  }
}

/** "1 new issue", "3 new pull requests". */
export function newItemsLabel(n, pulls) {
  const noun = pulls ? (n === 1 ? 'pull request' : 'pull requests') : n === 1 ? 'issue' : 'issues';
  return `${n} new ${noun} — show`;
}

function commentsText(n) {
  return n > 0 ? ` · ${n} ${n === 1 ? 'comment' : 'comments'}` : '';
}

/** Makes the page's issue or pull request list live; returns whether the page has one. */
export function liveList(client, ctx) {
  const list = document.querySelector('[data-host-list="issues"], [data-host-list="pulls"]');
  if (!list) return false;
  const pulls = list.dataset.hostList === 'pulls';
  const channel = `repo:${ctx.repo}/${pulls ? 'prs' : 'issues'}`;
  const prefix = pulls ? 'pr.' : 'issue.';
  const filter = list.dataset.state || 'open';
  // Only the first page shows the newest items, so only it offers new ones.
  const firstPage = (list.dataset.page || '1') === '1';
  const counterEls = { open: document.querySelector('[data-host-count="open"]'), closed: document.querySelector('[data-host-count="closed"]') };
  const known = new Map();
  for (const li of list.querySelectorAll('li[data-number]')) known.set(Number(li.dataset.number), li.dataset.state === 'open' ? 'open' : 'closed');
  const counts = new ListCounts(Number(counterEls.open?.textContent) || 0, Number(counterEls.closed?.textContent) || 0, known);
  /** number -> latest data of items waiting behind the bar */
  const pending = new Map();

  const bar = h('div', { class: 'tidings-list-bar', role: 'status', 'aria-live': 'polite' });
  const showButton = h('button', { type: 'button', class: 'tidings-list-bar__show', hidden: true, onclick: () => showPending() });
  bar.append(showButton);
  list.before(bar);

  function refreshBar() {
    const shown = [...pending.values()].filter((d) => matches(d)).length;
    showButton.hidden = shown === 0;
    showButton.textContent = shown ? newItemsLabel(shown, pulls) : '';
  }

  function matches(d) {
    const s = d.state === 'merged' ? 'closed' : d.state;
    return s === filter;
  }

  function row(number) {
    return list.querySelector(`li[data-number="${CSS.escape(String(number))}"]`);
  }

  function render(d) {
    const it = itemOf(d);
    const href = safeHref(it.url);
    const author = d.author ? actorOf({ actor: d.author }) : actorOf(d);
    const li = h('li', { class: 'tidings-new', dataset: { number: String(it.number), state: d.state || 'open' } },
      href ? h('a', { class: 'title', href }, it.title) : h('span', { class: 'title' }, it.title),
      ' ', h('span', { class: 'muted' }, `#${it.number} by ${author}, just now`, h('span', { 'data-host-comments': '0' })));
    setTimeout(() => li.classList.remove('tidings-new'), 2500);
    return li;
  }

  function showPending() {
    const items = [...pending.values()].filter((d) => matches(d)).sort((a, b) => itemOf(a).number - itemOf(b).number);
    pending.clear();
    for (const empty of list.querySelectorAll('li:not([data-number])')) empty.remove();
    // Oldest first, so that after prepending the newest is on top.
    for (const d of items) if (!row(itemOf(d).number)) list.prepend(render(d));
    refreshBar();
    list.querySelector('li[data-number] a')?.focus({ preventScroll: true });
  }

  function updateRow(li, msg, d) {
    const it = itemOf(d);
    const title = li.querySelector('.title, a');
    if (it.title && title && title.textContent !== it.title) title.textContent = it.title;
    const to = stateAfter(msg.event);
    if (to) {
      li.dataset.state = to;
      let badge = li.querySelector('.tidings-list-state');
      // A row whose state no longer matches the list stays put (no jump) and says what happened.
      const differs = (to === 'merged' ? 'closed' : to) !== filter;
      if (differs) {
        if (!badge) {
          badge = h('span', { class: 'tidings-list-state' });
          li.append(' ', badge);
        }
        badge.className = `tidings-list-state state ${to}`;
        badge.textContent = WORDS[to] || to;
      } else if (badge) {
        badge.remove();
      }
    }
    if (/\.comment$/.test(msg.event)) {
      const c = li.querySelector('[data-host-comments]');
      if (c) {
        const n = (Number(c.getAttribute('data-host-comments')) || 0) + 1;
        c.setAttribute('data-host-comments', String(n));
        c.textContent = commentsText(n);
      }
    }
  }

  client.subscribe(channel);
  client.on('event', (msg) => {
    if (msg.channel !== channel || typeof msg.event !== 'string' || !msg.event.startsWith(prefix)) return;
    const d = msg.data || {};
    const number = itemOf(d).number;
    if (number == null) return;
    if (counts.apply(msg.event, number)) {
      for (const s of ['open', 'closed']) if (counterEls[s]) counterEls[s].textContent = String(counts[s]);
    }
    const li = row(number);
    if (li) updateRow(li, msg, d);
    else if (pending.has(number) || (firstPage && /\.(opened|reopened|closed|merged)$/.test(msg.event))) {
      // Newest data wins: an item opened and closed before it is shown is not offered on the open list.
      pending.set(number, { ...(pending.get(number) || {}), ...d, state: stateAfter(msg.event) || d.state });
    }
    refreshBar();
  });
  client.on('resync', (r) => {
    if (r.channel !== channel) return;
    bar.replaceChildren(h('span', {}, 'This list has changed. '),
      h('button', { type: 'button', onclick: () => location.reload() }, 'Reload'));
  });
  return true;
}
