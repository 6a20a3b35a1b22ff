// The Syncs page: each two-way sync with its counts, its review queue (both sides, and buttons to keep the agreed
// value, take the proposed one, or enter another), and one record's detail (agreed state and each system's copy).
import { get, post, firstRows, AuthError } from './api.js';
import { done, refused, refreshed, failed as showFailure } from './alerts.js';
import { el, $, fill, number, when, badge, changed, zone } from './dom.js';
import { setUpKey } from './key.js';

const REFRESH_MS = 5000;
const PAGE = 50;
const state = { sync: null, blocked: false, reviewsNext: null, reviewRows: PAGE, record: null, shown: {} };

const show = (value) => (value === undefined ? '–' : JSON.stringify(value));

/** What went wrong in an action ({@code by} 'action') or a refresh; a refused key leaves nothing it read shown. */
function failed(error, by = 'action') {
  if (error instanceof AuthError && error.status === 401) forgetShown();
  showFailure(error, state, by);
}

/** Empties what the page shows (for another key, or none): the next refresh that succeeds shows it again. */
function forgetShown() {
  Object.assign(state, { sync: null, reviewsNext: null, reviewRows: PAGE, record: null, shown: {} });
  $('main').hidden = true;
  $('#record').hidden = true;
  $('#updated').textContent = '';
}

const path = (...parts) => '/api/v1/syncs/' + parts.map(encodeURIComponent).join('/');

async function refresh() {
  try {
    const syncs = await get('/api/v1/syncs', { limit: 500 });
    if (!state.sync && syncs.items.length) state.sync = syncs.items[0].name;
    if (changed(state.shown, 'syncs', [syncs.items, state.sync])) {
      fill($('#syncs tbody'), syncs.items.map((s) => el('tr', { dataset: { sync: s.name }, class: s.name === state.sync ? 'chosen' : undefined },
      el('td', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); choose(s.name); } }, s.name)),
      el('td', { class: 'key' }, s.match), el('td', {}, s.systems.join(', ')),
      el('td', { class: 'n records' }, number(s.records)), el('td', { class: 'n open-reviews' }, number(s.openReviews)))),
      'No syncs configured.', 5);
    }
    if (state.sync) await showReviews(false);
    else if (changed(state.shown, 'reviews', null)) fill($('#reviews tbody'), [], 'No syncs configured: nothing to review.', 6);
    if (state.record) await showRecord(state.record);
    $('main').hidden = false;
    refreshed();
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString('en-GB')} ${zone()}`;
  } catch (e) {
    failed(e, 'refresh');
  }
}

function choose(name) {
  state.sync = name;
  state.reviewRows = PAGE;
  state.record = null;
  $('#record').hidden = true;
  refresh();
}

function side(value, system) {
  return [el('code', { class: 'value' }, show(value)), el('span', { class: 'muted' }, ` ${system || ''}`)];
}

async function showReviews(append) {
  // A refresh reads as many open reviews as are shown ("More" lengthens the list), so the rows it added stay.
  const page = append
    ? await get(path(state.sync, 'reviews'), { state: 'open', limit: PAGE, cursor: state.reviewsNext })
    : await firstRows(path(state.sync, 'reviews'), { state: 'open' }, state.reviewRows);
  $('#queue-sync').textContent = `of ${state.sync}`;
  const body = $('#reviews tbody');
  // Not rebuilt under a person typing an edited value, nor when nothing changed (which would lose the keyboard focus).
  if (!append && body.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') return;
  if (!append && !changed(state.shown, 'reviews', [state.sync, page])) return;
  // An edited value typed into a row and left there stays through a rebuild.
  const typed = Object.fromEntries([...body.querySelectorAll('tr[data-review]')]
    .map((row) => [row.dataset.review, row.querySelector('input.edited').value]));
  const rows = page.items.map((r) => {
    const input = el('input', { class: 'edited', spellcheck: 'false', placeholder: 'JSON value', value: typed[r.id] ?? show(r.proposed.value) });
    return el('tr', { dataset: { review: r.id } },
      el('td', {}, el('a', { href: '#', class: 'record-link', onclick: (e) => { e.preventDefault(); showRecord(r.key).catch(failed); } }, r.key)),
      el('td', { class: 'key' }, r.field),
      el('td', { class: 'agreed' }, side(r.agreed.value, r.agreed.system)),
      el('td', { class: 'proposed' }, side(r.proposed.value, r.proposed.system)),
      el('td', {}, when(r.proposed.at)),
      el('td', { class: 'decide' },
        el('button', { type: 'button', class: 'pick-agreed', onclick: () => decide(r, { pick: 'agreed' }) }, 'Keep agreed'), ' ',
        el('button', { type: 'button', class: 'pick-proposed', onclick: () => decide(r, { pick: 'proposed' }) }, 'Take proposed'), ' ',
        input, ' ',
        el('button', { type: 'button', class: 'pick-edited', onclick: () => edited(r, input.value) }, 'Use this')));
  });
  if (append) body.append(...rows); else fill(body, rows, 'Nothing to review.', 6);
  state.reviewRows = Math.max(PAGE, body.querySelectorAll('tr[data-review]').length);
  state.reviewsNext = page.next;
  $('#reviews-more').hidden = !page.next;
}

function edited(review, text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    refused(`"${text}" is not a JSON value: put text in double quotes, e.g. "Acme Ltd".`);
    return;
  }
  decide(review, { pick: 'edited', value });
}

async function decide(review, decision) {
  try {
    const decided = await post(path(state.sync, 'reviews', review.id, 'decision'), decision);
    const to = decided.writtenTo.length ? `written to ${decided.writtenTo.join(', ')}` : 'every system has it already';
    done(`${review.key} ${review.field} is now ${show(decided.decision.value)} (${decided.decision.pick}): ${to}.`);
    await refresh();
  } catch (e) {
    failed(e);
  }
}

/** One record's detail; a failure is thrown, to be said as the caller's (a click's, or a refresh's). */
async function showRecord(key) {
  const page = await get(path(state.sync, 'records'), { key });
  const r = page.items[0];
  state.record = key;
  $('#record').hidden = false;
  $('#record-key').textContent = key;
  if (!r) {
    fill($('#record-agreed tbody'), [], 'No such record.', 5);
    fill($('#record-systems tbody'), [], '', 5);
    return;
  }
  fill($('#record-agreed tbody'), Object.entries(r.agreed).map(([field, v]) => el('tr', { dataset: { field } },
    el('td', { class: 'key' }, field), el('td', { class: 'value' }, el('code', {}, show(v.value))), el('td', {}, v.system),
    el('td', {}, when(v.at)), el('td', {}, r.held.includes(field) ? badge('held', 'paused') : ''))),
    r.deleted ? `Deleted in ${r.deleted.system} at ${r.deleted.at} and everywhere else (deletes: propagate): only its key and ids are kept.`
      : 'Nothing agreed yet.', 5);
  const values = (o) => Object.entries(o).map(([f, v]) => `${f} ${show(v)}`).join(', ');
  fill($('#record-systems tbody'), Object.entries(r.systems).map(([name, s]) => el('tr', { dataset: { system: name } },
    el('td', {}, name), el('td', { class: 'id' }, s.id || (s.createPending ? 'create of unknown outcome' : '–')),
    el('td', { class: 'seen' }, values(s.seen)), el('td', { class: 'written' }, values(s.written)), el('td', {}, when(s.updated)))), '', 5);
}

function start() {
  setUpKey(state, forgetShown, refresh);
  $('#refresh').addEventListener('click', () => { state.blocked = false; refresh(); });
  $('#reviews-more').addEventListener('click', () => showReviews(true).catch(failed));
  setInterval(() => { if (!document.hidden && !state.blocked) refresh(); }, REFRESH_MS);
  refresh();
}

start();
