// Polled sources (APIs and calendars) on the dashboard: "Poll now" runs one poll through the admin API, and the
// source's recent polls, as the store records them, are listed under the sources table.
import { get, post } from './api.js';
import { el, $, fill, number, when, badge } from './dom.js';

/** The "Poll now" button of a polled or iCal source; nothing for a webhook source. */
export function pollButton(source) {
  if (source.kind !== 'poll' && source.kind !== 'ical') return null;
  return el('button', { type: 'button', class: 'poll-now', dataset: { poll: source.name } }, 'Poll now');
}

/** Listens for "Poll now" (the sources table is redrawn on refresh, so the table listens, not each button). */
export function setUpPolls(onPolled) {
  $('#sources').addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-poll]');
    if (!button) return;
    const name = button.dataset.poll;
    const status = $('#poll-status');
    button.disabled = true;
    status.textContent = `Polling ${name}…`;
    try {
      const record = await post(`/api/v1/sources/${encodeURIComponent(name)}/poll`);
      status.textContent = `${name}: ${describe(record)}`;
      await showPolls(name);
      onPolled();
    } catch (err) {
      status.textContent = `${name}: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

function describe(r) {
  const status = r.status === null || r.status === undefined ? '' : `, HTTP ${r.status}`;
  return `${r.outcome}${status}, ${number(r.items)} items, ${number(r.changes)} changes in ${number(r.durationMs)} ms`
    + (r.error ? ` (${r.error})` : '');
}

async function showPolls(name) {
  const page = await get(`/api/v1/sources/${encodeURIComponent(name)}/polls`, { limit: 10 });
  const table = $('#polls');
  table.hidden = false;
  table.querySelector('caption').textContent = `Recent polls of ${name}`;
  fill(table.querySelector('tbody'), page.items.map((p) => el('tr', { dataset: { poll: p.id } },
    el('td', {}, when(p.startedAt)), el('td', {}, badge(p.outcome, p.outcome === 'failed' ? 'dead' : 'ok')),
    el('td', { class: 'n' }, p.status === null ? '–' : p.status), el('td', { class: 'n items' }, number(p.items)),
    el('td', { class: 'n changes' }, number(p.changes)), el('td', { class: 'n' }, number(p.durationMs)),
    el('td', { class: 'error' }, p.error || ''))), 'No polls yet.', 7);
}
