// Presence and typing on issue and pull request pages (docs/presence.md): the avatars of who is
// viewing the thread next to its title, and "bob is typing…" under the comment box.
//
// One WebSocket per tab, of its own (offering the tidings.v1 subprotocol and refusing a server that
// answers another version, as the main client does), not the shared worker's:
// presence belongs to the tab, so closing the tab (or losing the network) closes exactly this
// connection and the server shows the leave after its grace; a reload reconnects within the grace
// and shows nothing. The server dedupes tabs: one person with three tabs is one avatar.
import { h, hostContext } from './dom.js';
import { PROTOCOL, complainOnce } from './transports.js';

const TYPING_EVERY_MS = 2000; // the server broadcasts at most one typing per user per 2 s
const TYPING_CLEAR_MS = 5000; // a typing notice disappears 5 s after the last one
const MAX_AVATARS = 5;

/** "AL" for alice: the initials shown when the host has no avatar image. */
export function initials(login) {
  const parts = String(login).split(/[._-]+/).filter(Boolean);
  const s = parts.length > 1 ? parts[0][0] + parts[1][0] : String(login).slice(0, 2);
  return s.toUpperCase();
}

/** "bob is typing…", "bob and carol are typing…", "3 people are typing…". */
export function typingText(logins) {
  if (logins.length === 0) return '';
  if (logins.length === 1) return `${logins[0]} is typing…`;
  if (logins.length === 2) return `${logins[0]} and ${logins[1]} are typing…`;
  return `${logins.length} people are typing…`;
}

/** The thread's presence channel for the page context, or null off issue and PR pages. */
export function presenceChannel(ctx) {
  if (!ctx.repo) return null;
  if (ctx.pull != null) return `presence:${ctx.repo}/pulls/${ctx.pull}`;
  if (ctx.issue != null) return `presence:${ctx.repo}/issues/${ctx.issue}`;
  return null;
}

function avatar(user) {
  const login = user.login;
  const img = typeof user.avatar === 'string' && /^https?:\/\//.test(user.avatar)
    ? h('img', { src: user.avatar, alt: '' }) : h('span', { 'aria-hidden': 'true' }, initials(login));
  return h('li', { class: 'tidings-presence__avatar', title: login, dataset: { login } }, img,
    h('span', { class: 'tidings-sr' }, login));
}

class PresenceView {
  constructor(channel, me) {
    this.channel = channel;
    this.me = me;
    this.users = new Map();
    this.typing = new Map();
    this.list = h('ul', { class: 'tidings-presence', 'aria-label': 'Viewing now', 'data-tidings-presence': channel });
    this.notice = h('p', { class: 'tidings-typing', 'aria-live': 'polite', 'data-tidings-typing': channel });
  }

  mount() {
    const title = document.querySelector('main h1, h1');
    if (title) title.after(this.list);
    const box = document.getElementById('comment-body') || document.querySelector('form textarea[name=body]');
    if (box) box.after(this.notice);
    return box;
  }

  snapshot(users) {
    this.users.clear();
    for (const u of users) if (u && typeof u.login === 'string') this.users.set(u.login, u);
    this.render();
  }

  join(u) {
    this.users.set(u.login, u);
    this.render();
  }

  leave(u) {
    this.users.delete(u.login);
    this.stopTyping(u.login);
    this.render();
  }

  startTyping(login) {
    clearTimeout(this.typing.get(login));
    this.typing.set(login, setTimeout(() => this.stopTyping(login), TYPING_CLEAR_MS));
    this.renderTyping();
  }

  stopTyping(login) {
    if (!this.typing.has(login)) return;
    clearTimeout(this.typing.get(login));
    this.typing.delete(login);
    this.renderTyping();
  }

  clear() {
    this.users.clear();
    for (const login of [...this.typing.keys()]) this.stopTyping(login);
    this.render();
  }

  render() {
    // Yourself first, then the others by login.
    const all = [...this.users.values()].sort((a, b) =>
      (a.login === this.me ? -1 : b.login === this.me ? 1 : a.login.localeCompare(b.login)));
    const shown = all.slice(0, MAX_AVATARS);
    const rest = all.length - shown.length;
    this.list.replaceChildren(...shown.map(avatar),
      ...(rest > 0 ? [h('li', { class: 'tidings-presence__more', title: all.slice(MAX_AVATARS).map((u) => u.login).join(', ') }, `+${rest}`)] : []));
    this.list.dataset.count = String(all.length);
  }

  renderTyping() {
    this.notice.textContent = typingText([...this.typing.keys()].sort());
  }
}

/**
 * Opens the presence WebSocket offering the PROTOCOL subprotocol and checks the version as the
 * main client does (transports.js WebSocketConnection): a server that selects another subprotocol,
 * or whose `welcome` names another version, is refused: the socket is closed at once, the mismatch
 * is logged once, and nothing on it is used (no subscribe is sent, no later message is passed on).
 * Retrying the same offer cannot help, so `onRefused(message)` is final for the caller.
 * handlers: onOpen(), onMessage(msg) for every parsed message but the welcome, onClose(event),
 * onRefused(message).
 */
export function openPresenceSocket(env, url, handlers) {
  const ws = new env.WebSocket(url, PROTOCOL);
  let refused = false;
  const refuse = (message) => {
    refused = true;
    ws.onclose = null;
    try {
      ws.close(1000);
    } catch {
      /* already closed */
    }
    complainOnce(env, `presence: ${message}`);
    handlers.onRefused(message);
  };
  ws.onopen = () => {
    // Browsers fail a handshake that selects none of the offered subprotocols; this catches a
    // server (or proxy) that selected something else.
    if (ws.protocol !== PROTOCOL) {
      refuse(`the server selected subprotocol '${ws.protocol || ''}' instead of ${PROTOCOL}; not connecting`);
      return;
    }
    handlers.onOpen();
  };
  ws.onmessage = (e) => {
    if (refused) return;
    let m;
    try { m = JSON.parse(e.data); } catch { return; }
    if (!m || typeof m !== 'object') return;
    if (m.type !== 'welcome') handlers.onMessage(m);
    else if (m.protocol !== PROTOCOL) refuse(`the server welcomed protocol '${m.protocol}' but ${PROTOCOL} was offered; disconnecting`);
  };
  ws.onclose = (e) => handlers.onClose(e);
  return ws;
}

/** Connects the page's presence; returns the controller, or null off issue and PR pages or when signed out. */
export function livePresence(env = window) {
  const ctx = hostContext();
  const channel = presenceChannel(ctx);
  if (!channel || !ctx.user || typeof env.WebSocket !== 'function') return null;
  const view = new PresenceView(channel, ctx.user);
  const box = view.mount();
  let ws = null;
  let lastTyping = 0;
  let retry = 1000;
  let stopped = false;

  const connect = () => {
    const scheme = env.location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = openPresenceSocket(env, `${scheme}//${env.location.host}/plugins/tidings/ws`, {
      onOpen: () => {
        retry = 1000;
        ws.send(JSON.stringify({ type: 'subscribe', channel, id: 'presence' }));
      },
      onMessage: (m) => {
        if (m.channel !== channel) return;
        if (m.type === 'presence' && Array.isArray(m.users)) view.snapshot(m.users);
        else if (m.type === 'join' && m.user) view.join(m.user);
        else if (m.type === 'leave' && m.user) view.leave(m.user);
        else if (m.type === 'typing' && Array.isArray(m.users)) {
          for (const u of m.users) if (u && typeof u.login === 'string' && u.login !== ctx.user) view.startTyping(u.login);
        }
        else if (m.type === 'error' && m.id === 'presence') stopped = true; // refused: no access, no retry
      },
      onClose: () => {
        ws = null;
        view.clear();
        if (stopped) return;
        setTimeout(connect, retry + Math.floor(Math.random() * 500));
        retry = Math.min(retry * 2, 30000);
      },
      // Another protocol version: final, like the main client's 4505; no presence on this page.
      onRefused: () => {
        stopped = true;
        ws = null;
        view.clear();
      },
    });
  };
  connect();
  if (box) {
    box.addEventListener('input', () => {
      const now = Date.now();
      if (now - lastTyping < TYPING_EVERY_MS || !ws || ws.readyState !== 1) return;
      lastTyping = now;
      ws.send(JSON.stringify({ type: 'typing', channel }));
    });
  }
  env.addEventListener('pagehide', () => { stopped = true; if (ws) ws.close(1000, 'page closed'); });
  // Back from the back/forward cache: the page is alive again, and so is its presence.
  env.addEventListener('pageshow', (e) => { if (e.persisted && stopped) { stopped = false; connect(); } });
  return { view, close: () => { stopped = true; if (ws) ws.close(1000); } };
}
