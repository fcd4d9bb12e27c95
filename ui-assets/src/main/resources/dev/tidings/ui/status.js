// <tidings-status>: a dot and a word for the live connection, announced politely to screen readers.
import { getClient } from './client.js';
import { h } from './dom.js';

const WORDS = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const TITLES = {
  connecting: 'Connecting to live updates',
  open: 'Live updates are on',
  reconnecting: 'Connection lost; trying again',
  offline: 'No connection; updates resume when you are back online',
};

/** Shows the connection state in colour and words; data-state and data-transport mirror it for styling and tests. */
export class TidingsStatus extends HTMLElement {
  connectedCallback() {
    if (this.off) return;
    this.classList.add('tidings-status');
    this.setAttribute('role', 'status');
    this.setAttribute('aria-live', 'polite');
    this.dot = h('span', { class: 'tidings-status__dot', 'aria-hidden': 'true' });
    this.label = h('span', { class: 'tidings-status__label' });
    this.replaceChildren(this.dot, this.label);
    const client = getClient();
    this.show(client.state, client.transport);
    this.off = client.on('state', (s) => {
      // The last close code helps whoever debugs a flaky connection (4000-4499 resumable, 4500+ final).
      if (s.code != null) this.dataset.closeCode = String(s.code);
      // Signed out elsewhere (or the token deleted): the connection stays down until the page reloads.
      if (s.signedOut) this.dataset.signedOut = 'true';
      else if (s.state === 'open') delete this.dataset.signedOut;
      this.show(s.state, s.transport, s.signedOut);
    });
  }

  disconnectedCallback() {
    if (this.off) this.off();
    this.off = null;
  }

  show(state, transport, signedOut = false) {
    this.dataset.state = state;
    if (transport) this.dataset.transport = transport;
    if (signedOut) {
      this.label.textContent = 'Signed out';
      this.title = 'You were signed out; reload the page to see live updates again';
      return;
    }
    this.label.textContent = WORDS[state] || state;
    const via = state === 'open' && transport && transport !== 'websocket' ? ` (via ${transport === 'sse' ? 'server-sent events' : 'long-polling'})` : '';
    this.title = (TITLES[state] || state) + via;
  }
}

customElements.get('tidings-status') || customElements.define('tidings-status', TidingsStatus);
