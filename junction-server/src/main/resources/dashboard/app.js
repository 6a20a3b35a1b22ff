// The dashboard: reads the admin API every few seconds while the tab is visible; replays and searches on demand.
import { get, post, firstRows, AuthError } from './api.js';
import { done, refreshed, failed as showFailure } from './alerts.js';
import { el, $, fill, number, when, zone, badge, changed as changedIn } from './dom.js';
import { setUpKey } from './key.js';
import { renderTrends } from './trends.js';
import { pollButton, setUpPolls } from './polls.js';
import { readFeeds, renderFeeds, setUpFeeds } from './feeds.js';
import { customerOf, renderEndpoints } from './endpoints.js';
import { heldBy, pauseButton } from './pauses.js';

const REFRESH_MS = 5000;
const PAGE = 50;
const STATES = ['PENDING', 'IN_FLIGHT', 'SUCCEEDED', 'DEAD'];
const state = { held: {}, blocked: false, deadNext: null, deadRows: PAGE, dead: null, messagesNext: null, search: {}, shown: {} };

const changed = (part, data) => changedIn(state.shown, part, data);

/** What went wrong in an action ({@code by} 'action') or a refresh; a refused key leaves nothing it read shown. */
function failed(error, by = 'action') {
  if (error instanceof AuthError && error.status === 401) forgetShown();
  showFailure(error, state, by);
}

/** Empties what the page shows (for another key, or none): the next refresh that succeeds shows it all again. */
function forgetShown() {
  Object.assign(state, { shown: {}, deadRows: PAGE, deadNext: null, dead: null, messagesNext: null });
  $('main').hidden = true;
  $('#messages tbody').replaceChildren();
  $('#polls').hidden = true;
  $('#poll-status').textContent = '';
  $('#feed-status').textContent = '';
  $('#updated').textContent = '';
  if ($('#story').open) $('#story').close();
}

async function refresh() {
  try {
    const [stats, series, destinations, sources, dead] = await Promise.all([
      get('/api/v1/stats', { window: $('#window').value, totals: 'false' }),
      get('/api/v1/stats/series', { window: $('#window').value }),
      get('/api/v1/destinations', { limit: 500 }),
      get('/api/v1/sources', { limit: 500 }),
      firstRows('/api/v1/dead-letters', {}, state.deadRows), // as many as "More" has shown
    ]);
    // The window's bounds move on every call; the figures may not. Its length is kept: the rates per minute divide by it.
    const { window: { seconds }, ...figures } = stats;
    if (changed('stats', [seconds, figures])) {
      renderOverview(stats);
      renderFlows(stats);
      renderEndpoints(stats);
    }
    if (changed('series', series.buckets)) renderTrends(series);
    if (changed('sources', [sources, figures.sources])) renderSources(sources.items, stats);
    if (changed('destinations', [destinations, figures.destinations])) renderDestinations(destinations.items, stats);
    state.held = heldBy(destinations.items, stats);
    if (changed('dead', dead)) renderDeadLetters(dead, false);
    const feeds = await readFeeds(sources.items);
    if (changed('feeds', feeds)) renderFeeds(feeds);
    $('main').hidden = false;
    refreshed();
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString('en-GB')} ${zone()}`;
  } catch (e) {
    failed(e, 'refresh');
  }
}

const sum = (rows, field) => rows.reduce((total, row) => total + row[field], 0);
const perMinute = (n, stats) => `${(n / (stats.window.seconds / 60)).toFixed(1)}/min`;

function renderOverview(stats) {
  const d = stats.destinations;
  const received = sum(stats.sources, 'received');
  const attempts = sum(d, 'attempts');
  $('#stat-received').textContent = number(received);
  $('#stat-received-rate').textContent = perMinute(received, stats);
  $('#stat-attempts').textContent = number(attempts);
  $('#stat-attempts-rate').textContent = perMinute(attempts, stats);
  $('#stat-succeeded').textContent = number(sum(d, 'succeeded'));
  $('#stat-failed').textContent = number(sum(d, 'retryable') + sum(d, 'permanent'));
  $('#stat-failed-split').textContent = `${number(sum(d, 'retryable'))} transient · ${number(sum(d, 'permanent'))} permanent`;
  $('#stat-died').textContent = number(sum(d, 'deadLetters'));
  $('#backlog-pending').textContent = number(stats.backlog.pending);
  $('#backlog-due').textContent = number(stats.backlog.due);
  $('#backlog-in-flight').textContent = number(stats.backlog.inFlight);
  $('#backlog-dead').textContent = number(stats.backlog.dead);
}

function errorRate(row) {
  if (!row.attempts) return '–';
  return `${(100 * (row.retryable + row.permanent) / row.attempts).toFixed(1)}%`;
}

/** An outbound endpoint's flow names the customer (its ep_ id on hover), not the bare id. */
function destinationCell(stats, name) {
  const customer = customerOf(stats, name);
  return customer ? el('td', { class: 'destination', title: name }, `endpoint of ${customer}`) : el('td', { class: 'destination' }, name);
}

function renderFlows(stats) {
  fill($('#flows tbody'), stats.flows.map((f) => el('tr', { dataset: { source: f.source, destination: f.destination } },
    el('td', {}, f.source), destinationCell(stats, f.destination),
    el('td', { class: 'n attempts' }, number(f.attempts)), el('td', { class: 'n succeeded' }, number(f.succeeded)),
    el('td', { class: 'n retryable' }, number(f.retryable)), el('td', { class: 'n permanent' }, number(f.permanent)),
    el('td', { class: 'n died' }, number(f.deadLetters)), el('td', { class: 'n' }, errorRate(f)))), 'No attempts in this window.', 8);
}

function renderSources(sources, stats) {
  const live = Object.fromEntries(stats.sources.map((s) => [s.name, s]));
  fill($('#sources tbody'), sources.map((s) => {
    const rejected = Object.entries(s.rejectedSinceStart);
    const figures = live[s.name] || { received: 0, unrouted: 0 };
    return el('tr', { dataset: { source: s.name } },
      el('td', {}, s.name), el('td', {}, s.verification),
      el('td', { class: 'n received' }, number(figures.received)),
      el('td', { class: 'n unrouted' }, number(figures.unrouted)),
      el('td', { class: 'n rejected', title: rejected.map(([why, n]) => `${why}: ${n}`).join(', ') },
        number(rejected.reduce((total, [, n]) => total + n, 0))),
      el('td', {}, s.destinations.join(', ')),
      el('td', {}, s.paused ? [badge('paused'), pauseWhy(s)] : badge('accepting', 'ok'), ' ', pollButton(s)));
  }), 'No sources configured.', 7);
  const select = $('#search select[name=source]');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'any'), ...sources.map((s) => el('option', { value: s.name }, s.name)));
  select.value = chosen;
}

/** Since when a source or destination is paused, and why (as the operator wrote it: text, never markup). */
const pauseWhy = (x) => el('div', { class: 'muted pause-why' }, `since ${when(x.pausedAt)}${x.pauseReason ? `: ${x.pauseReason}` : ''}`);

/** Where in a broker a destination publishes: exchange and routing key, or subject; nothing for HTTP. */
function target(d) {
  if (d.kind === 'amqp') return ` → ${d.exchange === '' ? '(default exchange)' : d.exchange}, routing key ${d.routingKey}`;
  if (d.kind === 'nats') return ` → ${d.subject}`;
  return '';
}

function renderDestinations(destinations, stats) {
  const live = Object.fromEntries(stats.destinations.map((d) => [d.name, d]));
  fill($('#destinations tbody'), destinations.map((d) => {
    const s = live[d.name] || { pending: 0, due: 0, inFlight: 0, dead: 0, succeeded: 0, retryable: 0, permanent: 0 };
    return el('tr', { dataset: { destination: d.name } },
      el('td', {}, d.name), el('td', { class: 'url' }, d.url + target(d)),
      el('td', { class: 'breaker' }, badge(d.breaker)),
      el('td', { class: 'state' }, d.paused ? [badge('paused'), pauseWhy(d)] : badge('active', 'ok')),
      el('td', { class: 'n pending' }, number(s.pending)), el('td', { class: 'n due' }, number(s.due)),
      el('td', { class: 'n in-flight' }, number(s.inFlight)), el('td', { class: 'n dead' }, number(s.dead)),
      el('td', { class: 'n succeeded' }, number(s.succeeded)), el('td', { class: 'n failed' }, number(s.retryable + s.permanent)),
      el('td', { class: 'actions' }, pauseButton(d, refresh, failed), ' ',
        s.dead > 0 && el('button', { type: 'button', class: 'replay-all', onclick: () => replayAll(d.name, s.dead) }, `Replay ${number(s.dead)} dead`)));
  }), 'No destinations configured.', 11);
}

function messageLink(id) {
  return el('a', { href: `#message=${id}`, class: 'message-link', onclick: (e) => { e.preventDefault(); openStory(id); } }, id);
}

/** An outbound endpoint is named by its ep_ id alone: say whose endpoint it is and the host it points at. */
function endpointOf(d) {
  if (!d.endpoint) return null;
  let host = d.endpoint.url;
  try { host = new URL(d.endpoint.url).host; } catch (e) { /* shown as stored */ }
  const app = d.endpoint.appName || d.endpoint.appUid || d.endpoint.appId;
  return el('span', { class: 'muted endpoint' }, ` endpoint of ${app} at ${host}`);
}

function renderDeadLetters(page, append) {
  const rows = page.items.map((d) => el('tr', { dataset: { id: d.id } },
    el('td', { class: 'id' }, d.id), el('td', {}, messageLink(d.messageId)),
    el('td', {}, d.destination, d.route && el('span', { class: 'muted route' }, ` by ${d.route}`), endpointOf(d)),
    el('td', { class: 'n' }, d.attempts), el('td', { class: 'error' }, d.lastError || ''), el('td', {}, when(d.updatedAt)),
    el('td', {}, el('button', { type: 'button', class: 'replay', onclick: () => replay(d.id) }, 'Replay'))));
  const body = $('#dead-letters tbody');
  if (append) body.append(...rows); else fill(body, rows, 'No dead letters.', 7);
  state.dead = append ? { items: [...state.dead.items, ...page.items], next: page.next } : page;
  state.deadNext = page.next;
  $('#dead-more').hidden = !page.next;
}

async function replay(id) {
  try {
    await post(`/api/v1/dead-letters/${encodeURIComponent(id)}/replay`);
    done(`Replayed ${id}: it is pending again and goes out with its original webhook-id.`);
    await refresh();
  } catch (e) {
    failed(e);
  }
}

async function replayAll(destination, count) {
  if (!confirm(`Replay all ${count} dead letter(s) of ${destination}?`)) return;
  try {
    const result = await post(`/api/v1/destinations/${encodeURIComponent(destination)}/dead-letters/replay`);
    done(`Replayed ${result.replayed} dead letter(s) of ${destination}.`);
    await refresh();
  } catch (e) {
    failed(e);
  }
}

function searchFilters(form) {
  const data = new FormData(form);
  const iso = (value) => value ? new Date(value).toISOString() : undefined;
  return {
    source: data.get('source'), status: data.get('status'), type: data.get('type').trim(), dedupe_key: data.get('dedupe_key').trim(),
    received_after: iso(data.get('received_after')), received_before: iso(data.get('received_before')),
  };
}

/** The messages the search form asks for: as an action of the user's, or ({@code by} 'refresh') as the page opens. */
async function search(append, by = 'action') {
  try {
    const page = await get('/api/v1/messages', { ...state.search, limit: PAGE, cursor: append ? state.messagesNext : undefined });
    if (by === 'action') done(); else refreshed();
    const rows = page.items.map((m) => el('tr', { dataset: { id: m.id } },
      el('td', {}, when(m.receivedAt)), el('td', {}, messageLink(m.id)), el('td', {}, m.source), el('td', { class: 'type' }, m.type || '–'),
      el('td', { class: 'key' }, m.dedupeKey),
      el('td', {}, Object.keys(m.deliveries).length
        ? STATES.filter((s) => m.deliveries[s]).map((s) => el('span', {}, badge(`${m.deliveries[s]} ${s}`, s), ' '))
        : badge('unrouted'))));
    const body = $('#messages tbody');
    if (append) body.append(...rows); else fill(body, rows, 'No message matches.', 6);
    state.messagesNext = page.next;
    $('#messages-more').hidden = !page.next;
  } catch (e) {
    failed(e, by);
  }
}

function attemptRow(a) {
  return el('tr', { class: `attempt ${a.outcome.toLowerCase()}` },
    el('td', { class: 'n' }, a.number), el('td', {}, when(a.startedAt)), el('td', { class: 'n' }, `${a.durationMs} ms`),
    el('td', {}, badge(a.outcome)), el('td', { class: 'n status' }, a.status ?? '–'),
    el('td', { class: a.outcome === 'SUCCESS' ? 'excerpt' : 'error' }, [a.error, a.responseExcerpt, a.batchId && `in batch ${a.batchId}`].filter(Boolean).join(' · ')));
}

const APP_PREFIX = 'app:'; // the source of a message an application published (app:UID)

function verification(m) {
  if (m.source.startsWith(APP_PREFIX)) {
    // Published messages are never verified (the admin key is the check); their endpoints' deliveries name the application.
    const named = m.deliveries.map((d) => d.endpoint && d.endpoint.appName).find(Boolean);
    return `Published through the API by application ${named || m.source.slice(APP_PREFIX.length)}`;
  }
  if (m.verification === null) return 'Accepted (its source is no longer configured)';
  if (m.verification === 'none') return 'Accepted without verification (the source verifies nothing)';
  return `Verified: ${m.verification} signature checked before it was stored`;
}

async function openStory(id) {
  let m;
  try {
    m = await get(`/api/v1/messages/${encodeURIComponent(id)}`);
  } catch (e) {
    failed(e);
    return;
  }
  const deliveries = m.deliveries.map((d) => el('li', { class: 'delivery', dataset: { destination: d.destination } },
    el('h4', {}, `Delivery to ${d.destination} `, d.route && el('span', { class: 'route' }, `by route ${d.route} `), endpointOf(d), ' ', badge(d.state),
      el('span', { class: 'muted' }, ` ${d.id}`)),
    d.state === 'DEAD' && el('p', { class: 'error' }, d.lastError, ' ',
      el('button', { type: 'button', class: 'replay', onclick: async () => { await replay(d.id); openStory(id); } }, 'Replay')),
    d.state === 'PENDING' && el('p', { class: state.held[d.destination] ? 'held' : 'muted' },
      state.held[d.destination] ? `Held: ${state.held[d.destination]}` : `Next attempt ${when(d.nextAttemptAt)}`),
    d.attempts.length
      ? el('table', { class: 'attempts' }, el('thead', {}, el('tr', {}, ['#', 'Started', 'Took', 'Outcome', 'Status', 'Error / response']
        .map((h) => el('th', {}, h)))), el('tbody', {}, d.attempts.map(attemptRow)))
      : el('p', { class: 'muted' }, 'No attempt yet.')));
  $('#story-body').replaceChildren(
    el('h2', {}, 'Message ', el('code', {}, m.id)),
    el('dl', {}, el('dt', {}, 'Source'), el('dd', {}, m.source), el('dt', {}, 'Type'), el('dd', { class: 'type' }, m.type || 'none'),
      el('dt', {}, 'Dedupe key'), el('dd', {}, m.dedupeKey),
      el('dt', {}, 'Trace id'), el('dd', {}, m.traceId || '–'), el('dt', {}, 'Body'), el('dd', {}, `${number(m.bodyBytes)} bytes, ${m.contentType || 'no content type'}`)),
    el('ol', { class: 'timeline' },
      el('li', { class: 'received' }, `Received ${when(m.receivedAt)}`),
      el('li', { class: 'verified' }, verification(m)),
      m.unrouted && el('li', { class: 'unrouted' }, `Went nowhere: ${m.unrouted}`),
      deliveries));
  const dialog = $('#story');
  if (!dialog.open) dialog.showModal();
  history.replaceState(null, '', `#message=${id}`);
}

function start() {
  setUpKey(state, forgetShown, () => { refresh(); search(false, 'refresh'); });
  $('#refresh').addEventListener('click', () => { state.blocked = false; state.shown = {}; refresh(); });
  setUpPolls(refresh);
  setUpFeeds(() => { delete state.shown.feeds; refresh(); });
  keepWindow();
  $('#search-zone').textContent = `(times in ${zone()})`;
  $('#dead-more').addEventListener('click', async () => {
    try {
      renderDeadLetters(await get('/api/v1/dead-letters', { limit: PAGE, cursor: state.deadNext }), true);
      // Refreshes read as many rows as are shown now, and rebuild the list only when they differ from these.
      state.deadRows = state.dead.items.length;
      state.shown.dead = JSON.stringify(state.dead);
    } catch (e) { failed(e); }
  });
  $('#search').addEventListener('submit', (e) => { e.preventDefault(); state.search = searchFilters(e.target); search(false); });
  $('#messages-more').addEventListener('click', () => search(true));
  $('#story').addEventListener('close', () => history.replaceState(null, '', location.pathname));
  setInterval(() => { if (!document.hidden && !state.blocked) refresh(); }, REFRESH_MS);
  refresh();
  search(false, 'refresh');
  openLinked();
  // A link to a message pasted into the address bar of an open dashboard.
  window.addEventListener('hashchange', openLinked);
}

/** The story a link to the page names (#message=ID), if it names one. */
function openLinked() {
  const linked = /^#message=(.+)$/.exec(location.hash);
  if (!linked) return;
  let id = linked[1];
  try { id = decodeURIComponent(id); } catch (e) { /* a malformed %-escape: the id as written, which the API answers 404 */ }
  openStory(id);
}

const WINDOW_KEY = 'junction.window';

/** The window chosen last (in this browser) is the one the page opens with; a change refreshes the page. */
function keepWindow() {
  const select = $('#window');
  const saved = localStorage.getItem(WINDOW_KEY);
  if ([...select.options].some((o) => o.value === saved)) select.value = saved;
  select.addEventListener('change', () => {
    localStorage.setItem(WINDOW_KEY, select.value);
    refresh();
  });
}

start();
