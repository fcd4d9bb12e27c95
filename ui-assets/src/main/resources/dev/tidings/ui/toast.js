// Toasts: short messages in a corner, announced to screen readers, dismissible, gone after a while.
import { h, safeHref } from './dom.js';

let region = null;

function container() {
  if (region && region.isConnected) return region;
  region = h('div', { class: 'tidings-toasts', role: 'region', 'aria-label': 'Notifications', 'aria-live': 'polite' });
  document.body.append(region);
  return region;
}

/** Shows a toast with a title, optional body line and optional link; returns the element. */
export function toast({ title, body, href, timeoutMs = 8000 }) {
  const link = safeHref(href);
  const close = h('button', { type: 'button', class: 'tidings-toast__close', 'aria-label': 'Dismiss' }, '×');
  const main = link
    ? h('a', { class: 'tidings-toast__title', href: link }, title)
    : h('strong', { class: 'tidings-toast__title' }, title);
  const el = h('div', { class: 'tidings-toast', role: 'status' }, main, body ? h('div', { class: 'tidings-toast__body' }, body) : null, close);
  close.addEventListener('click', () => el.remove());
  container().append(el);
  // Keep at most five on screen.
  while (region.children.length > 5) region.firstElementChild.remove();
  let timer = setTimeout(() => el.remove(), timeoutMs);
  // Do not take a toast away while someone is reading or focusing it.
  el.addEventListener('mouseenter', () => clearTimeout(timer));
  el.addEventListener('focusin', () => clearTimeout(timer));
  el.addEventListener('mouseleave', () => {
    timer = setTimeout(() => el.remove(), timeoutMs / 2);
  });
  return el;
}
