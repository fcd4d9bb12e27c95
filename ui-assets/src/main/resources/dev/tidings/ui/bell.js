// <tidings-bell>: unread badge, a panel of the latest threads, toasts, opt-in desktop notifications
// and an opt-in sound. Live through the user's channel user:{login}; other tabs follow both through
// the server's notification.read events and a BroadcastChannel.
import { getClient } from './client.js';
import { h, hostContext, relativeTime, safeHref } from './dom.js';
import { toast } from './toast.js';
import { unreadCount, listThreads, markRead, markAllRead, loadPreferences, describe, kindOf } from './notifications-api.js';

const SVG = 'http://www.w3.org/2000/svg';
const LIVE_EVENTS = ['notification', 'notification.read', 'notification.updated'];

function bellIcon() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M8 16a2 2 0 0 0 1.985-1.75c.017-.137-.097-.25-.235-.25h-3.5c-.138 0-.252.113-.235.25A2 2 0 0 0 8 16ZM3 5a5 5 0 0 1 10 0v2.947c0 .05.015.098.042.139l1.703 2.555A1.519 1.519 0 0 1 13.482 13H2.518a1.516 1.516 0 0 1-1.263-2.36l1.703-2.554A.255.255 0 0 0 3 7.947Z');
  svg.append(path);
  return svg;
}

function setting(key, fallback) {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
}

function saveSetting(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/** The notification bell for the header. */
export class TidingsBell extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.user = this.getAttribute('user') || hostContext().user;
    if (!this.user) {
      this.hidden = true;
      return;
    }
    this.classList.add('tidings-bell');
    this.count = 0;
    this.panelId = `tidings-bell-panel-${Math.random().toString(36).slice(2, 8)}`;
    this.button = h('button', { type: 'button', class: 'tidings-bell__button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': this.panelId },
      bellIcon(), h('span', { class: 'tidings-bell__badge', hidden: true, 'aria-hidden': 'true' }));
    this.badge = this.button.querySelector('.tidings-bell__badge');
    this.panel = h('div', { id: this.panelId, class: 'tidings-bell__panel', role: 'dialog', 'aria-label': 'Notifications', hidden: true });
    this.append(this.button, this.panel);
    this.button.addEventListener('click', () => (this.panel.hidden ? this.openPanel() : this.closePanel()));
    this.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.panel.hidden) {
        e.preventDefault();
        this.closePanel();
        this.button.focus();
      }
    });
    this.outside = (e) => {
      if (!this.panel.hidden && !this.contains(e.target)) this.closePanel();
    };
    document.addEventListener('click', this.outside);
    this.updateLabel();

    this.client = getClient();
    this.client.subscribe(`user:${this.user}`);
    this.offs = LIVE_EVENTS.map((name) => this.client.on(name, (msg) => this.live(name, msg)));
    this.offs.push(this.client.on('resync', (r) => r.channel === `user:${this.user}` && this.refresh()));
    // After an outage the count may be stale even when the replay was complete (e.g. another device read things).
    this.offs.push(this.client.on('state', (s) => s.state === 'open' && this.refresh()));
    if ('BroadcastChannel' in window) {
      this.bc = new BroadcastChannel('tidings');
      this.bc.onmessage = (e) => e.data === 'notifications-changed' && this.refresh();
    }
    this.refresh();
  }

  disconnectedCallback() {
    document.removeEventListener('click', this.outside);
    for (const off of this.offs || []) off();
    if (this.bc) this.bc.close();
    this.ready = false;
  }

  async refresh() {
    try {
      this.setCount(await unreadCount());
    } catch (e) {
      console.warn('tidings: unread count failed', e);
    }
    if (!this.panel.hidden) this.renderList();
  }

  setCount(n) {
    this.count = n;
    this.badge.hidden = n <= 0;
    this.badge.textContent = n > 99 ? '99+' : String(n);
    this.dataset.count = String(n);
    this.updateLabel();
  }

  updateLabel() {
    this.button.setAttribute('aria-label', this.count > 0 ? `Notifications, ${this.count} unread` : 'Notifications, none unread');
    this.button.title = this.button.getAttribute('aria-label');
  }

  changed() {
    if (this.bc) this.bc.postMessage('notifications-changed');
    this.refresh();
  }

  live(name, msg) {
    if (msg.channel !== `user:${this.user}`) return;
    const data = msg.data || {};
    // Every notification event carries the user's new unread count: take it at once, then check.
    if (typeof data.unread_count === 'number') this.setCount(data.unread_count);
    this.refresh();
    const thread = data.thread || (name === 'notification' ? data : null);
    if (name === 'notification' && thread && thread.unread !== false) this.announce(thread, data.desktop);
  }

  async announce(thread, desktopWanted) {
    const d = describe(thread);
    const what = [d.reasonLabel, d.repo].filter(Boolean).join(' · ');
    // Every open tab hears the notification; only the ones in view show a toast and beep, so five
    // tabs do not beep five times (a hidden tab's toast would be gone before anyone saw it).
    if (document.visibilityState !== 'hidden') {
      toast({ title: d.title || 'New notification', body: [what, d.actor && `by ${d.actor}`].filter(Boolean).join(' — '), href: d.href });
      if (setting('tidings.sound', 'off') === 'on') this.beep();
    }
    if (setting('tidings.desktop', 'off') === 'on' && 'Notification' in window && Notification.permission === 'granted') {
      // The server says whether this user wants this kind on the desktop; ask ourselves if it did not.
      if (typeof desktopWanted === 'boolean' ? desktopWanted : await this.desktopAllowed(kindOf(d))) {
        // The tag collapses the same thread shown by several tabs into one notification.
        const n = new Notification(d.title || 'New notification', { body: what, tag: `tidings-${d.id}`, silent: true });
        const href = safeHref(d.href);
        n.onclick = () => {
          window.focus();
          if (href) location.href = href;
        };
      }
    }
  }

  async desktopAllowed(kind) {
    try {
      this.prefs = this.prefs || (await loadPreferences());
      const k = this.prefs && this.prefs.kinds && this.prefs.kinds[kind];
      return k ? k.desktop !== false : true;
    } catch {
      return false;
    }
  }

  beep() {
    try {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.25);
    } catch {
      /* no audio here */
    }
  }

  openPanel() {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.prefs = null;
    this.renderList().then(() => {
      const first = this.panel.querySelector('a, button');
      if (first) first.focus();
    });
  }

  closePanel() {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
  }

  async renderList() {
    let threads = [];
    let failed = null;
    try {
      threads = (await listThreads({ all: true, limit: 10 })).threads;
    } catch (e) {
      failed = e;
    }
    const head = h('div', { class: 'tidings-bell__head' },
      h('h2', { class: 'tidings-bell__title' }, 'Notifications'),
      h('button', { type: 'button', class: 'tidings-link-button', disabled: this.count === 0 && !threads.some((t) => t.unread), onclick: () => markAllRead().then(() => this.changed()) }, 'Mark all as read'));
    const list = h('ul', { class: 'tidings-threads' });
    for (const t of threads) list.append(this.item(describe(t)));
    const body = failed
      ? h('p', { class: 'tidings-empty' }, `Could not load notifications: ${failed.message}`)
      : threads.length === 0
        ? h('p', { class: 'tidings-empty' }, 'You are all caught up.')
        : list;
    this.panel.replaceChildren(head, body, this.footer());
  }

  item(d) {
    const link = safeHref(d.href);
    const title = link ? h('a', { href: link, class: 'tidings-thread__title' }, d.title) : h('span', { class: 'tidings-thread__title' }, d.title);
    const mark = d.unread
      ? h('button', { type: 'button', class: 'tidings-thread__mark', 'aria-label': `Mark “${d.title}” as read`, title: 'Mark as read',
          onclick: (e) => {
            e.stopPropagation();
            markRead(d.id).then(() => this.changed());
          } }, '✓')
      : null;
    return h('li', { class: `tidings-thread${d.unread ? ' is-unread' : ''}`, dataset: { threadId: String(d.id) } },
      h('div', { class: 'tidings-thread__meta' },
        d.reasonLabel ? h('span', { class: 'tidings-chip' }, d.reasonLabel) : null,
        h('span', { class: 'tidings-thread__repo' }, d.repo)),
      title,
      h('div', { class: 'tidings-thread__meta' },
        d.actor ? h('span', {}, d.actor) : null,
        d.updatedAt ? h('time', { datetime: d.updatedAt, title: d.updatedAt }, relativeTime(d.updatedAt)) : null),
      mark);
  }

  footer() {
    const desktopOn = setting('tidings.desktop', 'off') === 'on' && 'Notification' in window && Notification.permission === 'granted';
    const desktop = 'Notification' in window
      ? h('button', { type: 'button', class: 'tidings-link-button', 'aria-pressed': String(desktopOn), onclick: () => this.toggleDesktop() },
          desktopOn ? 'Desktop notifications: on' : 'Enable desktop notifications')
      : null;
    const soundOn = setting('tidings.sound', 'off') === 'on';
    const sound = h('button', { type: 'button', class: 'tidings-link-button', 'aria-pressed': String(soundOn),
      onclick: () => {
        saveSetting('tidings.sound', soundOn ? 'off' : 'on');
        this.panel.replaceChild(this.footer(), this.panel.lastElementChild);
      } }, soundOn ? 'Sound: on' : 'Sound: off');
    return h('div', { class: 'tidings-bell__foot' },
      h('a', { href: '/plugins/tidings/notifications' }, 'View all notifications'),
      h('a', { href: '/plugins/tidings/settings' }, 'Preferences'),
      desktop, sound);
  }

  async toggleDesktop() {
    if (setting('tidings.desktop', 'off') === 'on') {
      saveSetting('tidings.desktop', 'off');
    } else {
      // Permission is asked for only here, after the user's own click.
      const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      if (permission === 'granted') saveSetting('tidings.desktop', 'on');
      else toast({ title: 'Desktop notifications are blocked', body: 'Allow notifications for this site in the browser settings.' });
    }
    this.panel.replaceChild(this.footer(), this.panel.lastElementChild);
  }
}

customElements.get('tidings-bell') || customElements.define('tidings-bell', TidingsBell);
