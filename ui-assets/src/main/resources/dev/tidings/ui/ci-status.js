// Live commit statuses (CI) on the host's pages, from `commit.status` events on repo:{owner}/{name}:
// the "Checks" section of a pull request ([data-host-statuses data-sha]) gets one row per context
// with its state and, while pending, a progress bar; commit lists ([data-host-commit-statuses])
// get each listed commit's combined state ([data-host-commit-status]). The markup is the same as
// the host renders, so a live row cannot be told from a server-rendered one.
import { h, safeHref } from './dom.js';

const STATES = ['error', 'failure', 'warning', 'pending', 'success'];
const SYMBOLS = { success: '✓', pending: '●', warning: '!', failure: '✗', error: '✗' };

/** `<span class="ci-state ci-state--{state}" data-host-commit-status>✓ success</span>` (symbol and word, not colour alone). */
export function badge(state, label) {
  return h('span', { class: `ci-state ci-state--${state}`, 'data-host-commit-status': state, title: `${label}: ${state}` },
    h('span', { 'aria-hidden': 'true' }, SYMBOLS[state] || '?'), ` ${state}`);
}

/** One context's row of the Checks section. */
export function contextRow(d) {
  const link = safeHref(d.target_url);
  const pending = d.state === 'pending' && Number.isInteger(d.progress);
  return h('li', { dataset: { context: d.context, state: d.state } },
    badge(d.state, d.context), ' ', h('strong', { class: 'ci-context' }, d.context),
    d.description ? [' ', h('span', { class: 'muted ci-description' }, d.description)] : null,
    pending ? [' ', h('progress', { class: 'ci-progress', max: '100', value: String(d.progress), 'aria-label': `${d.context} progress` }, `${d.progress}%`),
      ' ', h('span', { class: 'ci-percent' }, `${d.progress}%`)] : null,
    link ? [' ', h('a', { class: 'ci-details', href: link }, 'Details')] : null);
}

function updateChecks(section, d) {
  if (section.dataset.sha !== d.sha) return;
  const list = section.querySelector('.ci-contexts') || section.appendChild(h('ul', { class: 'list ci-contexts' }));
  const row = contextRow(d);
  const old = [...list.querySelectorAll('li[data-context]')].find((li) => li.dataset.context === d.context);
  if (old) old.replaceWith(row);
  else list.prepend(row);
  const summary = section.querySelector('[data-host-combined-status]');
  if (summary && STATES.includes(d.combined_state) && summary.dataset.hostCombinedStatus !== d.combined_state) {
    summary.dataset.hostCombinedStatus = d.combined_state;
    summary.replaceChildren('All checks: ', badge(d.combined_state, 'All checks'));
  }
}

function updateCommitLists(d) {
  if (!STATES.includes(d.combined_state)) return;
  for (const list of document.querySelectorAll('[data-host-commit-statuses]')) {
    for (const li of list.querySelectorAll('li[data-sha]')) {
      if (li.dataset.sha !== d.sha) continue;
      const fresh = badge(d.combined_state, 'CI');
      const old = li.querySelector('[data-host-commit-status]');
      if (old) old.replaceWith(fresh);
      else (li.querySelector('.message, .tidings-commit__message') || li.lastChild)?.after(' ', fresh);
    }
  }
}

/** Follows repo:{ctx.repo} when the page shows statuses; returns whether it does. */
export function liveStatuses(client, ctx) {
  const section = document.querySelector('[data-host-statuses]');
  if (!section && !document.querySelector('[data-host-commit-statuses]')) return false;
  const channel = `repo:${ctx.repo}`;
  client.subscribe(channel);
  client.on('commit.status', (msg) => {
    if (msg.channel !== channel) return;
    const d = msg.data || {};
    if (typeof d.sha !== 'string' || typeof d.context !== 'string' || !STATES.includes(d.state)) return;
    if (section) updateChecks(section, d);
    updateCommitLists(d);
  });
  return true;
}
