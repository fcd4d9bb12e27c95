// Small DOM and HTTP helpers shared by the widgets. Text from events and API answers only ever
// reaches the page through textContent or attribute values, never through innerHTML.

/** Builds an element: h('a', { href, class: 'x' }, 'text', child). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Only http(s) and same-origin relative links are followed; anything else (javascript:) is dropped. */
export function safeHref(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** "just now", "5 minutes ago", "3 days ago". */
export function relativeTime(value, now = Date.now()) {
  const t = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(t)) return '';
  const s = Math.round((now - t) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(s) < 45) return 'just now';
  const steps = [[60, 'second', 1], [3600, 'minute', 60], [86400, 'hour', 3600], [604800, 'day', 86400], [2629800, 'week', 604800], [31557600, 'month', 2629800], [Infinity, 'year', 31557600]];
  for (const [limit, unit, div] of steps) {
    if (Math.abs(s) < limit) return rtf.format(-Math.round(s / div), unit);
  }
  return '';
}

/** The page's host context from <body data-host-*>. */
export function hostContext() {
  const d = document.body ? document.body.dataset : {};
  return {
    user: d.hostUser || null,
    repo: d.hostRepo || null,
    issue: d.hostIssue ? Number(d.hostIssue) : null,
    pull: d.hostPull ? Number(d.hostPull) : null,
    page: d.hostPage || null,
    csrf: d.hostCsrf || null,
  };
}

/** An HTTP error with the server's {"message"} when it sent one. */
export class HttpError extends Error {
  constructor(status, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
  }
}

/** fetch() with the session cookie, JSON in and out, and the host's CSRF token on writes. */
export async function api(method, url, body) {
  const headers = { Accept: 'application/json' };
  const csrf = hostContext().csrf;
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // 205 carries a body in Gitea, but fetch() hides bodies of 205 responses: treat as no content.
  const text = res.status === 204 || res.status === 205 ? '' : await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw new HttpError(res.status, data && typeof data.message === 'string' ? data.message : null);
  return { status: res.status, data, headers: res.headers };
}

/** Short commit id. */
export function shortSha(sha) {
  return typeof sha === 'string' ? sha.slice(0, 7) : '';
}

/** First line of a commit message. */
export function firstLine(text) {
  return typeof text === 'string' ? text.split('\n', 1)[0] : '';
}
