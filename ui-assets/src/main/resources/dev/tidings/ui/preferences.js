// <tidings-preferences>: the notification preferences form (default watch level, per-repository
// levels, per-kind in-app and desktop delivery, own actions, email: off, immediate or daily digest),
// saved through the plugin's preferences API (/plugins/tidings/api/preferences and .../email, see
// docs/notifications.md); a refusal shows its message.
import { api, h } from './dom.js';
import { PREFS_URL } from './notifications-api.js';

const LEVELS = [
  ['participating', 'Participating and @mentions', 'Threads you take part in, and mentions (default).'],
  ['watching', 'All activity', 'Every push, issue, pull request, comment and review.'],
  ['mentions', 'Only @mentions', 'Mentions, assignments and review requests.'],
  ['custom', 'Custom', 'Participating plus the kinds you choose below.'],
  ['ignore', 'Ignore', 'Nothing at all.'],
];
const KINDS = [
  ['pushes', 'Pushes'],
  ['prs', 'Pull requests'],
  ['issues', 'Issues'],
  ['comments', 'Comments'],
  ['reviews', 'Reviews'],
  ['mentions', '@mentions'],
  ['assignments', 'Assignments and review requests'],
];
const WATCHABLE = ['pushes', 'prs', 'issues', 'comments', 'reviews'];
const EMAIL_MODES = [
  ['off', 'No emails', 'Notifications stay in the app (default).'],
  ['immediate', 'One email per update', 'Sent within seconds of each notification.'],
  ['daily', 'Daily digest', 'One email a day listing every update.'],
];

let seq = 0;
const uid = (p) => `${p}-${++seq}`;

function levelSelect(id, value, withIgnore = true) {
  const s = h('select', { id }, LEVELS.filter(([v]) => withIgnore || v !== 'ignore').map(([v, l]) => h('option', { value: v }, l)));
  s.value = value || 'participating';
  return s;
}

/** The preferences form. */
export class TidingsPreferences extends HTMLElement {
  connectedCallback() {
    if (this.ready) return;
    this.ready = true;
    this.classList.add('tidings-prefs');
    this.replaceChildren(h('p', { class: 'tidings-empty' }, 'Loading preferences…'));
    this.load();
  }

  async load() {
    try {
      this.prefs = (await api('GET', PREFS_URL)).data || {};
    } catch (e) {
      this.replaceChildren(h('p', { class: 'tidings-error', role: 'alert' }, e.status === 401 ? 'Sign in to change your notification preferences.' : `Could not load preferences: ${e.message}`));
      return;
    }
    try {
      this.email = (await api('GET', `${PREFS_URL}/email`)).data || null;
    } catch {
      this.email = null; // an older server without email: the section is left out
    }
    this.repos = await this.loadRepos();
    this.render();
  }

  render() {
    const p = this.prefs;
    const levelId = uid('tidings-level');
    this.level = levelSelect(levelId, p.default_level);
    const custom = new Set(p.custom_kinds || []);
    this.customBoxes = WATCHABLE.map((k) => {
      const id = uid('tidings-custom');
      const box = h('input', { type: 'checkbox', id, value: k, checked: custom.has(k) });
      return { k, box, label: h('label', { for: id, class: 'tidings-check' }, box, ' ', KINDS.find(([v]) => v === k)[1]) };
    });
    this.customSet = h('fieldset', { class: 'tidings-fieldset tidings-prefs__custom' },
      h('legend', {}, 'Custom: also notify me about'), this.customBoxes.map((c) => c.label));
    const syncCustom = () => { this.customSet.hidden = this.level.value !== 'custom'; };
    this.level.addEventListener('change', syncCustom);
    syncCustom();
    const help = h('p', { class: 'tidings-help', id: uid('tidings-level-help') });
    const syncHelp = () => { help.textContent = (LEVELS.find(([v]) => v === this.level.value) || [])[2] || ''; };
    this.level.addEventListener('change', syncHelp);
    syncHelp();
    this.level.setAttribute('aria-describedby', help.id);

    const ownId = uid('tidings-own');
    this.own = h('input', { type: 'checkbox', id: ownId, checked: !!p.own_actions });

    const rows = KINDS.map(([k, label]) => {
      const d = (p.kinds && p.kinds[k]) || { in_app: true, desktop: false };
      const inApp = h('input', { type: 'checkbox', checked: d.in_app !== false, 'aria-label': `${label}: in the app`, dataset: { kind: k, channel: 'in_app' } });
      const desktop = h('input', { type: 'checkbox', checked: !!d.desktop, 'aria-label': `${label}: desktop notification`, dataset: { kind: k, channel: 'desktop' } });
      return h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, inApp), h('td', {}, desktop));
    });
    this.kindTable = h('table', { class: 'tidings-table' },
      h('caption', {}, 'Where each kind of notification goes'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'In the app'), h('th', { scope: 'col' }, 'Desktop'))),
      h('tbody', {}, rows));

    this.emailSet = this.emailSection();
    this.status = h('p', { class: 'tidings-prefs__status', role: 'status', 'aria-live': 'polite' });
    const form = h('form', { class: 'tidings-form', novalidate: true },
      h('fieldset', { class: 'tidings-fieldset' },
        h('legend', {}, 'Default watch level'),
        h('label', { for: levelId, class: 'tidings-label' }, 'For repositories you have not set below'),
        this.level, help, this.customSet),
      h('fieldset', { class: 'tidings-fieldset' },
        h('legend', {}, 'Delivery'), this.kindTable,
        h('label', { for: ownId, class: 'tidings-check' }, this.own, ' Notify me about my own actions')),
      this.emailSet,
      h('div', { class: 'tidings-form__actions' },
        h('button', { type: 'submit', class: 'tidings-button tidings-button--primary' }, 'Save preferences'), this.status));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.replaceChildren(form, this.repoSection());
  }

  // Email: how notifications reach the inbox by email; the watch levels and kinds above decide what notifies.
  emailSection() {
    const e = this.email;
    if (!e) return null;
    const name = uid('tidings-email');
    const usable = e.enabled && !!e.address;
    this.emailRadios = EMAIL_MODES.map(([v, label, help]) => {
      const id = uid('tidings-email-mode');
      const radio = h('input', { type: 'radio', id, name, value: v, checked: (e.mode || 'off') === v, disabled: !usable && v !== 'off' });
      const text = v === 'daily' ? `${help} (around ${String(e.digest_hour).padStart(2, '0')}:00 ${e.digest_zone})` : help;
      return h('label', { for: id, class: 'tidings-check' }, radio, ' ', h('strong', {}, label), ' ', h('span', { class: 'tidings-help' }, text));
    });
    const note = !e.enabled ? 'Email is not set up on this server.'
      : !e.address ? 'Your account has no email address.'
        : `Emails go to ${e.address}. Each one has an unsubscribe link.`;
    return h('fieldset', { class: 'tidings-fieldset tidings-prefs__email' },
      h('legend', {}, 'Email'), this.emailRadios, h('p', { class: 'tidings-help' }, note));
  }

  emailMode() {
    const checked = (this.emailRadios || []).map((l) => l.querySelector('input')).find((r) => r.checked);
    return checked ? checked.value : null;
  }

  // The repositories worth showing: the ones the user watches or owns, plus any set on this page;
  // each with its own level (or the inherited default).
  async loadRepos() {
    const names = new Set(this.extraRepos || []);
    for (const url of ['/api/v1/user/subscriptions?limit=50', '/api/v1/user/repos?limit=50']) {
      try {
        const list = (await api('GET', url)).data;
        for (const r of Array.isArray(list) ? list : []) if (r && r.full_name) names.add(r.full_name);
      } catch {
        /* one list missing still leaves the other */
      }
    }
    const sorted = [...names].sort().slice(0, 30);
    const levels = await Promise.all(sorted.map(async (full) => {
      try {
        return (await api('GET', `${PREFS_URL}/repos/${full}`)).data;
      } catch {
        return null;
      }
    }));
    return levels.filter(Boolean);
  }

  collect() {
    const kinds = {};
    for (const box of this.kindTable.querySelectorAll('input[type=checkbox]')) {
      kinds[box.dataset.kind] = kinds[box.dataset.kind] || {};
      kinds[box.dataset.kind][box.dataset.channel] = box.checked;
    }
    const body = { default_level: this.level.value, own_actions: this.own.checked, kinds };
    if (this.level.value === 'custom') body.custom_kinds = this.customBoxes.filter((c) => c.box.checked).map((c) => c.k);
    return body;
  }

  async save() {
    const body = this.collect();
    if (body.default_level === 'custom' && body.custom_kinds.length === 0) {
      this.status.className = 'tidings-prefs__status tidings-error';
      this.status.textContent = 'Choose at least one kind for the custom level.';
      return;
    }
    this.status.className = 'tidings-prefs__status';
    this.status.textContent = 'Saving…';
    try {
      const res = await api('PUT', PREFS_URL, body);
      if (res.data) this.prefs = res.data;
      const mode = this.emailMode();
      if (mode && this.email && mode !== this.email.mode) {
        const em = await api('PUT', `${PREFS_URL}/email`, { mode });
        if (em.data) this.email = em.data;
      }
      this.status.textContent = 'Saved.';
    } catch (e) {
      this.status.className = 'tidings-prefs__status tidings-error';
      this.status.textContent = `Not saved: ${e.message}`;
    }
  }

  repoSection() {
    const section = h('section', { class: 'tidings-fieldset tidings-prefs__repos', 'aria-labelledby': 'tidings-repos-title' },
      h('h2', { id: 'tidings-repos-title', class: 'tidings-legend' }, 'Repositories'));
    const list = h('ul', { class: 'tidings-repo-list' });
    for (const r of this.repos) list.append(this.repoRow(r));
    if (this.repos.length === 0) list.append(h('li', { class: 'tidings-help' }, 'No repositories to show yet; set a level for any repository below.'));
    const nameId = uid('tidings-repo-name');
    const name = h('input', { id: nameId, type: 'text', placeholder: 'owner/name', pattern: '[A-Za-z0-9._-]+/[A-Za-z0-9._-]+', required: true, autocomplete: 'off' });
    const addLevelId = uid('tidings-repo-level');
    const level = levelSelect(addLevelId, 'watching');
    const msg = h('p', { class: 'tidings-help', role: 'status' });
    const add = h('form', { class: 'tidings-repo-add', novalidate: true },
      h('label', { for: nameId, class: 'tidings-field' }, h('span', {}, 'Repository'), name),
      h('label', { for: addLevelId, class: 'tidings-field' }, h('span', {}, 'Level'), level),
      h('button', { type: 'submit', class: 'tidings-button' }, 'Set level'), msg);
    add.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(name.value.trim())) {
        msg.className = 'tidings-help tidings-error';
        msg.textContent = 'Write the repository as owner/name.';
        return;
      }
      await this.setRepo(name.value.trim(), level.value, msg);
    });
    section.append(list, add);
    return section;
  }

  repoRow(r) {
    const full = r.full_name || r.repository || `${r.owner}/${r.name}`;
    const id = uid('tidings-repo');
    const select = levelSelect(id, r.level);
    const inherited = r.inherited === true;
    const msg = h('span', { class: 'tidings-help', role: 'status' });
    select.addEventListener('change', () => this.setRepo(full, select.value, msg));
    return h('li', { class: 'tidings-repo-row' },
      h('label', { for: id, class: 'tidings-repo-row__name' }, full, inherited ? h('span', { class: 'tidings-help' }, ' (default)') : null), select,
      inherited ? null : h('button', { type: 'button', class: 'tidings-button tidings-button--small', 'aria-label': `Use the default level for ${full}`,
        onclick: async () => {
          try {
            await api('DELETE', `${PREFS_URL}/repos/${full}`);
            await this.load();
          } catch (e) {
            msg.textContent = `Not saved: ${e.message}`;
          }
        } }, 'Use default'), msg);
  }

  async setRepo(full, level, msg) {
    try {
      const body = { level };
      if (level === 'custom') body.kinds = WATCHABLE.filter((k) => this.customBoxes.find((c) => c.k === k)?.box.checked);
      await api('PUT', `${PREFS_URL}/repos/${full}`, body);
      this.extraRepos = [...new Set([...(this.extraRepos || []), full])];
      await this.load();
    } catch (e) {
      msg.className = 'tidings-help tidings-error';
      msg.textContent = `Not saved: ${e.message}`;
    }
  }
}

customElements.get('tidings-preferences') || customElements.define('tidings-preferences', TidingsPreferences);
