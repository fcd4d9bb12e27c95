// <tidings-issue-subscription>: the Subscribe / Unsubscribe / Mute control on the host's issue and
// pull request pages (PageSlot.ISSUE). It reads the repository and number from <body data-host-*>
// and uses the plugin's per-issue route (see docs/notifications.md, "Per-issue subscriptions"):
// PUT {"state":"subscribed"|"muted"}, DELETE to go back to the repository's rules.
import { api, h, hostContext } from './dom.js';

const WHY = {
  manual: 'You’re subscribed: you get all activity on this one.',
  watching: 'You’re watching this repository, so you get its activity.',
  participating: 'You take part in it, so you get its activity.',
  muted: 'You muted it: nothing from it reaches you, not even @mentions.',
  ignore: 'You ignore this repository, so nothing from it reaches you.',
};

export class TidingsIssueSubscription extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    const ctx = hostContext();
    const number = ctx.issue || ctx.pull;
    if (!ctx.user || !ctx.repo || !number) {
      this.hidden = true; // signed out, or not an issue page: nothing to choose
      return;
    }
    this.kind = ctx.pull ? 'pull request' : 'issue';
    this.url = `/plugins/tidings/api/preferences/repos/${ctx.repo}/issues/${encodeURIComponent(number)}`;
    this.classList.add('tidings-subscription');
    this.heading = h('h2', { class: 'tidings-subscription__title', id: 'tidings-subscription-title' }, 'Notifications');
    this.setAttribute('role', 'group');
    this.setAttribute('aria-labelledby', this.heading.id);
    this.status = h('p', { class: 'tidings-subscription__status', id: 'tidings-subscription-status', role: 'status', 'aria-live': 'polite' }, 'Loading…');
    this.buttons = h('div', { class: 'tidings-subscription__actions' });
    this.replaceChildren(this.heading, this.buttons, this.status);
    this.send('GET');
  }

  async send(method, body) {
    for (const b of this.buttons.querySelectorAll('button')) b.disabled = true;
    try {
      this.render((await api(method, this.url, body)).data || {});
    } catch (e) {
      this.status.className = 'tidings-subscription__status tidings-error';
      this.status.textContent = e.status === 401 ? 'Sign in to choose.' : `Not changed: ${e.message}`;
      for (const b of this.buttons.querySelectorAll('button')) b.disabled = false;
    }
  }

  render(doc) {
    this.dataset.state = doc.state || 'default';
    this.status.className = 'tidings-subscription__status';
    this.status.textContent = WHY[doc.reason]
      || `You’re not receiving notifications for this ${this.kind}, except @mentions.`;
    const button = (label, action, desc) => h('button', { type: 'button', class: 'tidings-button tidings-button--small',
      dataset: { action }, 'aria-describedby': this.status.id, title: desc,
      onclick: () => {
        this.refocus = true;
        return action === 'default' ? this.send('DELETE') : this.send('PUT', { state: action });
      } }, label);
    const b = [];
    if (doc.state === 'subscribed') b.push(button('Unsubscribe', 'default', 'Back to the repository’s rules'));
    else if (doc.state !== 'muted') b.push(button('Subscribe', 'subscribed', `All activity on this ${this.kind}`));
    if (doc.state === 'muted') b.push(button('Unmute', 'default', 'Back to the repository’s rules'));
    else b.push(button('Mute', 'muted', `Nothing from this ${this.kind}`));
    this.buttons.replaceChildren(...b);
    // The clicked button is gone: keep keyboard focus in the control.
    if (this.refocus) b[0].focus();
    this.refocus = false;
  }
}

if (!customElements.get('tidings-issue-subscription')) customElements.define('tidings-issue-subscription', TidingsIssueSubscription);
