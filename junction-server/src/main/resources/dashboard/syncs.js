// The Syncs page: each two-way sync with its counts, its review queue (both sides, and buttons to keep the agreed
// value, take the proposed one, or enter another), and one record's detail (agreed state and each system's copy).
import { apiKey, get, post, firstRows } from './api.js';
import { banner, notice, failed as showFailure } from './alerts.js';
import { el, $, fill, number, when, badge } from './dom.js';

const REFRESH_MS = 5000;
const PAGE = 50;
const state = { sync: null, blocked: false, reviewsNext: null, reviewRows: PAGE, record: null };

const show = (value) => (value === undefined ? '–' : JSON.stringify(value));

const failed = (error) => showFailure(error, state);

const path = (...parts) => '/api/v1/syncs/' + parts.map(encodeURIComponent).join('/');

async function refresh() {
  try {
    const syncs = await get('/api/v1/syncs', { limit: 500 });
    banner('');
    if (!state.sync && syncs.items.length) state.sync = syncs.items[0].name;
    fill($('#syncs tbody'), syncs.items.map((s) => el('tr', { dataset: { sync: s.name }, class: s.name === state.sync ? 'chosen' : undefined },
      el('td', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); choose(s.name); } }, s.name)),
      el('td', { class: 'key' }, s.match), el('td', {}, s.systems.join(', ')),
      el('td', { class: 'n records' }, number(s.records)), el('td', { class: 'n open-reviews' }, number(s.openReviews)))),
    'No syncs configured.', 5);
    if (state.sync) await showReviews(false);
    if (state.record) await showRecord(state.record);
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString('en-GB')}`;
  } catch (e) {
    failed(e);
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
  const rows = page.items.map((r) => {
    const input = el('input', { class: 'edited', spellcheck: 'false', placeholder: 'JSON value', value: show(r.proposed.value) });
    return el('tr', { dataset: { review: r.id } },
      el('td', {}, el('a', { href: '#', class: 'record-link', onclick: (e) => { e.preventDefault(); showRecord(r.key); } }, r.key)),
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
  const body = $('#reviews tbody');
  // Not rebuilt under a person typing an edited value.
  if (!append && body.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') return;
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
    banner(`"${text}" is not a JSON value: put text in double quotes, e.g. "Acme Ltd".`);
    return;
  }
  decide(review, { pick: 'edited', value });
}

async function decide(review, decision) {
  try {
    const done = await post(path(state.sync, 'reviews', review.id, 'decision'), decision);
    banner('');
    const to = done.writtenTo.length ? `written to ${done.writtenTo.join(', ')}` : 'every system has it already';
    notice(`${review.key} ${review.field} is now ${show(done.decision.value)} (${done.decision.pick}): ${to}.`);
    await refresh();
  } catch (e) {
    failed(e);
  }
}

async function showRecord(key) {
  try {
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
  } catch (e) {
    failed(e);
  }
}

function start() {
  const keyState = () => { $('#api-key').placeholder = apiKey.get() ? 'set for this tab' : 'not set'; };
  keyState();
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    apiKey.set($('#api-key').value.trim());
    $('#api-key').value = '';
    keyState();
    state.blocked = false;
    refresh();
  });
  $('#forget-key').addEventListener('click', () => { apiKey.set(''); keyState(); });
  $('#refresh').addEventListener('click', () => { state.blocked = false; refresh(); });
  $('#reviews-more').addEventListener('click', () => showReviews(true).catch(failed));
  setInterval(() => { if (!document.hidden && !state.blocked) refresh(); }, REFRESH_MS);
  refresh();
}

start();
