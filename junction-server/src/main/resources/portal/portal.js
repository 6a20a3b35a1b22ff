// The consumer portal: one customer's endpoints and messages, from the portal API, with the token of their link.
// Everything from data goes into the page as text (el() never parses HTML).
import { token, get, post, patch, remove, ApiError, LinkError } from './api.js';
import { el, $, fill, when, badge, changed } from '/dashboard/dom.js';
import { done, notice, refused, refreshed, clearAlerts } from '/dashboard/alerts.js';

const REFRESH_MS = 5000;
const STATES = ['PENDING', 'IN_FLIGHT', 'SUCCEEDED', 'DEAD'];
const PAGE = 25; // recent messages shown, and added by "More"
const LATEST_FOR = 20; // endpoints whose latest delivery each refresh reads: one call each, so not for a long list
const state = { blocked: false, endpoints: [], detail: null, timer: null, shown: {}, messageRows: PAGE };

/** What went wrong, in an action of the user's ({@code by} 'action') or a refresh. */
function failed(error, by = 'action') {
  if (error instanceof LinkError) {
    state.blocked = true;
    $('#main').hidden = true;
  }
  refused(message(error), by);
}

/** The sentence for a refusal: the server's, or one in the reader's terms and time where the problem's type is known. */
function message(error) {
  const p = error.problem || {};
  if (p.type === '/problems/expired-portal-token' && p.expiredAt) return `This portal link expired at ${when(p.expiredAt)}; ask for a new one.`;
  return error.message;
}

/**
 * Runs an action of the user's, then refreshes; a failure is shown (until the next action, or dismissed), never thrown.
 * What an earlier action said goes (an action that says nothing leaves no notice of another's), and so does a secret
 * shown before: an action that shows one shows it again. {@code button}, if given, is disabled while the action runs.
 */
async function act(action, button) {
  hideSecret();
  if (button) button.disabled = true;
  try {
    const said = await action();
    done();
    notice(said || '');
    await refresh();
  } catch (e) {
    failed(e);
  } finally {
    if (button) button.disabled = false;
  }
}

function hideSecret() {
  $('#secret-value').textContent = '';
  $('#secret-panel').hidden = true;
}

/** Forgets everything shown for the link before: a second link opened in this tab may be another customer's. */
function clear() {
  Object.assign(state, { blocked: false, endpoints: [], detail: null, reveal: false, shown: {}, messageRows: PAGE });
  clearAlerts();
  for (const part of ['#main', '#message-detail', '#secret-panel', '#notice']) $(part).hidden = true;
  for (const part of ['#endpoints tbody', '#messages tbody', '#detail-deliveries']) $(part).replaceChildren();
  for (const part of ['#secret-value', '#secret-endpoint', '#detail-id', '#notice', '#expiry']) $(part).textContent = '';
  $('#title').textContent = 'Webhooks';
  resetForm();
}

async function start() {
  token.adopt();
  clear();
  if (!token.get()) {
    failed(new LinkError('Open the portal link you were given to see your webhooks.'));
    return;
  }
  try {
    const app = await get('/app');
    $('#title').textContent = `Webhooks for ${app.name}`;
    document.title = `Webhooks · ${app.name}`;
    $('#expiry').textContent = `This link works until ${when(app.linkExpiresAt)}.`;
    $('#main').hidden = false;
    await refresh();
  } catch (e) {
    failed(e);
  }
}

async function refresh() {
  if (state.blocked) return;
  try {
    const [endpoints, messages] = await Promise.all([get('/endpoints'), firstMessages(state.messageRows)]);
    state.endpoints = endpoints.items;
    const latest = await latestDeliveries(endpoints.items);
    // A table is rebuilt only when what it shows changed (else the keyboard focus and a selection would be lost).
    if (changed(state.shown, 'endpoints', [endpoints.items, latest])) renderEndpoints(endpoints.items, latest);
    if (changed(state.shown, 'messages', messages)) renderMessages(messages);
    if (state.detail) await showMessage(state.detail);
    refreshed();
  } catch (e) {
    failed(e, 'refresh');
  }
}

/** The newest {@code count} messages, page after page (as many as "More" has shown), as one page: {items, next}. */
async function firstMessages(count) {
  const rows = { items: [], next: null };
  do {
    const cursor = rows.next ? `&cursor=${encodeURIComponent(rows.next)}` : '';
    const page = await get(`/messages?limit=${Math.min(500, count - rows.items.length)}${cursor}`);
    rows.items.push(...page.items);
    rows.next = page.next;
  } while (rows.next && rows.items.length < count);
  return rows;
}

/** Each endpoint's newest delivery (null: none yet), by endpoint id; for the first LATEST_FOR endpoints only. */
async function latestDeliveries(endpoints) {
  const shown = endpoints.slice(0, LATEST_FOR);
  const pages = await Promise.all(shown.map((e) => get(`/endpoints/${encodeURIComponent(e.id)}/deliveries?limit=1`)));
  return Object.fromEntries(shown.map((e, i) => [e.id, pages[i].items[0] || null]));
}

/** What became of an endpoint's newest delivery: an endpoint that keeps failing says so, and why. */
function lastDelivery(d) {
  if (d === undefined) return null;
  if (d === null) return el('div', { class: 'muted last' }, 'No deliveries yet.');
  const at = when(d.updatedAt);
  if (d.state === 'SUCCEEDED') return el('div', { class: 'muted last' }, `Last delivery succeeded ${at}.`);
  if (d.state === 'DEAD') return el('div', { class: 'error last' }, `Last delivery failed for good ${at}: ${d.lastError || 'no answer'}.`);
  if (d.attempts > 0) return el('div', { class: 'error last' }, `Last delivery failing (${d.attempts} attempts so far, next try ${when(d.nextAttemptAt)}): ${d.lastError || 'no answer'}.`);
  return el('div', { class: 'muted last' }, 'Last delivery on its way.');
}

const urlOf = (id) => (state.endpoints.find((e) => e.id === id) || {}).url || id;

function renderEndpoints(endpoints, latest) {
  fill($('#endpoints tbody'), endpoints.map((e) => el('tr', { dataset: { id: e.id } },
    el('td', { class: 'url' }, e.url),
    el('td', { class: 'description' }, e.description || ''),
    el('td', { class: 'types' }, e.filterTypes && e.filterTypes.length ? e.filterTypes.join(', ') : 'every type'),
    el('td', { class: 'status' }, e.disabled ? badge('disabled', 'paused') : badge('enabled', 'ok'),
      e.rotating ? ' ' : '', e.rotating ? badge('rotating', 'retryable') : '',
      e.rotating && el('div', { class: 'muted rotation' }, `The previous secret works until ${when(e.previousExpiresAt)}.`),
      lastDelivery(latest[e.id])),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'edit', onclick: () => edit(e) }, 'Edit'),
      el('button', { type: 'button', class: 'show-secret', onclick: () => act(() => showSecret(e)) }, 'Show secret'),
      // One rotation at a time: while the previous secret still signs, Rotate waits (the status says until when).
      el('button', { type: 'button', class: 'rotate', disabled: e.rotating, title: e.rotating ? 'A rotation is in progress' : null,
        onclick: (ev) => act(() => rotate(e), ev.currentTarget) }, 'Rotate secret'),
      el('button', { type: 'button', class: 'test', onclick: () => act(() => sendTest(e)) }, 'Send test event'),
      el('button', { type: 'button', class: 'replay', onclick: () => act(() => replay(e)) }, 'Replay failures'),
      el('button', { type: 'button', class: 'delete danger', onclick: () => act(() => deleteEndpoint(e)) }, 'Delete')),
  )), 'No endpoints yet: add one below.', 5);
}

function renderMessages(page) {
  $('#messages-more').hidden = !page.next;
  fill($('#messages tbody'), page.items.map((m) => el('tr', { dataset: { id: m.id } },
    el('td', { class: 'id' }, m.id),
    el('td', { class: 'type' }, m.type),
    el('td', { class: 'when' }, when(m.receivedAt)),
    el('td', { class: 'states' }, STATES.filter((s) => m.deliveries[s]).flatMap((s) => [badge(`${m.deliveries[s]} ${s}`, s), ' '])),
    el('td', {}, el('button', { type: 'button', class: 'details', onclick: () => act(() => { open(m.id); }) }, 'Details')),
  )), 'No messages yet.', 5);
}

/** Shows a message's details, once the refresh after the action has read them: scrolled to, and with the keyboard focus. */
function open(id) {
  state.detail = id;
  state.reveal = true;
}

async function showMessage(id) {
  const m = await get(`/messages/${encodeURIComponent(id)}`);
  $('#message-detail').hidden = false;
  if (changed(state.shown, 'detail', [m, state.endpoints])) renderMessage(m);
  if (state.reveal) {
    state.reveal = false;
    $('#detail-heading').focus({ preventScroll: true });
    $('#message-detail').scrollIntoView({ block: 'start' });
  }
}

function renderMessage(m) {
  $('#detail-id').textContent = m.id;
  $('#detail-summary').textContent = `${m.eventType} · sent ${when(m.receivedAt)}`;
  $('#detail-deliveries').replaceChildren(...m.deliveries.map((d) => el('li', { class: 'delivery', dataset: { id: d.id, endpoint: d.destination } },
    el('h3', {}, urlOf(d.destination), ' ', badge(d.state, d.state)),
    el('table', { class: 'attempts' },
      el('thead', {}, el('tr', {}, ['#', 'Time', 'Outcome', 'Status', 'Error', 'Response'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, d.attempts.length ? d.attempts.map((a) => el('tr', {},
        el('td', { class: 'n' }, a.number), el('td', {}, when(a.startedAt)), el('td', {}, badge(a.outcome.toLowerCase(), a.outcome)),
        el('td', { class: 'n' }, a.status ?? ''), el('td', { class: 'error' }, a.error || ''), el('td', { class: 'excerpt' }, a.responseExcerpt || ''),
      )) : el('tr', { class: 'empty' }, el('td', { colspan: 6 }, 'No attempt yet.')))),
  )));
}

async function showSecret(e) {
  const secret = await get(`/endpoints/${e.id}/secret`);
  revealSecret(e, secret.key, 'Verify each webhook with this secret.');
}

function revealSecret(e, key, note) {
  $('#secret-endpoint').textContent = e.url;
  $('#secret-value').textContent = key;
  $('#secret-note').textContent = note;
  $('#secret-panel').hidden = false;
}

/** An endpoint signs with two secrets at most: while the one before the current one still signs, no rotation. */
const rotationInProgress = (e, until) => new ApiError(`A rotation of the secret of ${e.url} is already in progress: the previous `
  + `secret works until ${until ? when(until) : 'that rotation ends'}; rotate again after then.`);

async function rotate(e) {
  if (e.rotating) throw rotationInProgress(e, e.previousExpiresAt);
  if (!confirm(`Rotate the secret of ${e.url}? The current secret keeps working for 24 hours, beside the new one.`)) return null;
  let rotated;
  try {
    rotated = await post(`/endpoints/${e.id}/secret/rotate`, {});
  } catch (err) {
    // The API's own answer tells an operator to rotate with {"grace": "0s"}, which this page does not offer.
    if (err.problem.type !== '/problems/rotation-in-progress') throw err;
    throw rotationInProgress(e, (await get(`/endpoints/${e.id}`)).previousExpiresAt);
  }
  revealSecret(e, rotated.key, `New secret. The old one keeps signing until ${when(rotated.previousExpiresAt)}; switch before then.`);
  return `Rotated the secret of ${e.url}.`;
}

async function sendTest(e) {
  const sent = await post(`/endpoints/${e.id}/test`);
  open(sent.id);
  return `Sent test event ${sent.id} to ${e.url}.`;
}

async function replay(e) {
  const result = await post(`/endpoints/${e.id}/replay`, {});
  return result.replayed ? `Replayed ${result.replayed} failed ${result.replayed === 1 ? 'delivery' : 'deliveries'} to ${e.url}.`
    : `${e.url} has no failed deliveries to replay.`;
}

async function deleteEndpoint(e) {
  if (!confirm(`Delete the endpoint ${e.url}? It receives nothing more.`)) return null;
  await remove(`/endpoints/${e.id}`);
  if ($('#endpoint-form').elements.id.value === e.id) resetForm();
  return `Deleted ${e.url}.`;
}

function edit(e) {
  const f = $('#endpoint-form').elements;
  f.id.value = e.id;
  f.url.value = e.url;
  f.description.value = e.description || '';
  f.filter_types.value = (e.filterTypes || []).join(', ');
  f.disabled.checked = e.disabled;
  $('#form-title').textContent = 'Edit endpoint';
  $('#save-endpoint').textContent = 'Save changes';
  $('#cancel-edit').hidden = false;
  f.url.focus();
}

function resetForm() {
  $('#endpoint-form').reset();
  $('#endpoint-form').elements.id.value = '';
  $('#form-title').textContent = 'Add an endpoint';
  $('#save-endpoint').textContent = 'Add endpoint';
  $('#cancel-edit').hidden = true;
}

async function save(event) {
  event.preventDefault();
  const f = event.target.elements;
  const types = f.filter_types.value.split(',').map((t) => t.trim()).filter(Boolean);
  // Empty fields are sent empty, not left out: an edit that clears them must clear them (no types: every type).
  const body = { url: f.url.value.trim(), description: f.description.value.trim(), filter_types: types, disabled: f.disabled.checked };
  const id = f.id.value;
  await act(async () => {
    const saved = id ? await patch(`/endpoints/${id}`, body) : await post('/endpoints', body);
    resetForm();
    return `${id ? 'Saved' : 'Added'} ${saved.url}.`;
  });
}

$('#endpoint-form').addEventListener('submit', save);
$('#cancel-edit').addEventListener('click', resetForm);
$('#refresh').addEventListener('click', () => refresh());
$('#messages-more').addEventListener('click', () => {
  state.messageRows += PAGE;
  refresh();
});
$('#hide-secret').addEventListener('click', hideSecret);
$('#message-detail .close').addEventListener('click', () => {
  state.detail = null;
  $('#message-detail').hidden = true;
});
// A second link opened in this tab replaces the first.
window.addEventListener('hashchange', start);
state.timer = setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
start();
