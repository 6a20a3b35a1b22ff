// The Integrations page: each integration of the config with its checklist status; one integration
// (?name=billing) explained as `junction explain` tells it, with its diagram, beside its checklist items.
import { get, AuthError } from './api.js';
import { refreshed, failed as showFailure } from './alerts.js';
import { el, $, fill, number, badge, safeHtml, zone } from './dom.js';
import { setUpKey } from './key.js';

const state = { blocked: false };
const name = new URLSearchParams(location.search).get('name');

/** A refused key (401) leaves nothing it read shown. */
function failed(error) {
  if (error instanceof AuthError && error.status === 401) forgetShown();
  showFailure(error, state, 'refresh');
}

/** Empties what the page shows (for another key, or none): the next refresh that succeeds shows it again. */
function forgetShown() {
  $('main').hidden = true;
  $('#updated').textContent = '';
}

const statusBadge = (status) => badge(status, `check-${status}`);

async function refresh() {
  try {
    if (name) await showIntegration(); else await showList();
    $('main').hidden = false;
    refreshed();
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString('en-GB')} ${zone()}`;
  } catch (e) {
    failed(e);
  }
}

async function showList() {
  const page = await get('/api/v1/integrations', { limit: 500 });
  fill($('#integrations tbody'), page.items.map((i) => el('tr', { dataset: { integration: i.name } },
    el('td', {}, el('a', { href: `/dashboard/integrations.html?name=${encodeURIComponent(i.name)}` }, i.name)),
    el('td', { class: 'kind' }, i.kinds.join(', ')),
    el('td', { class: 'status' }, statusBadge(i.status)),
    el('td', { class: 'n fail' }, number(i.checklist.fail)),
    el('td', { class: 'n warn' }, number(i.checklist.warn)),
    el('td', { class: 'n pass' }, number(i.checklist.pass)))),
  'No integrations configured.', 6);
}

/** The SVG as an image from a data: URL: drawn, never part of the page's DOM, so nothing in it can run. */
function diagram(svg, alt) {
  return el('img', { class: 'diagram', alt, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
}

function item(f) {
  const at = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.path;
  return el('li', { class: `finding ${f.status}`, dataset: { rule: f.rule, status: f.status } },
    el('div', { class: 'head' }, statusBadge(f.status), ' ', el('strong', { class: 'title' }, f.title), ' ',
      el('code', { class: 'rule' }, f.rule)),
    el('p', { class: 'detail' }, f.detail),
    el('p', { class: 'where' }, el('span', { class: 'muted' }, 'config: '), el('code', { class: 'location' }, at),
      f.location ? el('span', { class: 'muted' }, ` (${f.path})`) : null),
    f.status === 'pass' ? null : el('p', { class: 'why' }, el('span', { class: 'muted' }, 'Why: '), f.why),
    f.status === 'pass' ? null : el('p', { class: 'fix' }, el('span', { class: 'muted' }, 'Fix: '), f.fix));
}

const order = { fail: 0, warn: 1, pass: 2 };
const worstFirst = (items) => [...items].sort((a, b) => order[a.status] - order[b.status]);

async function showIntegration() {
  const i = await get(`/api/v1/integrations/${encodeURIComponent(name)}`);
  document.title = `Junction · ${i.name}`;
  $('#list').hidden = true;
  $('#integration').hidden = false;
  $('#explanations').replaceChildren(...i.explanations.map((x) => el('article', { class: 'explanation', dataset: { kind: x.kind } },
    safeHtml(x.html),
    el('h3', {}, 'Diagram'),
    diagram(x.svg, `How events flow for ${i.name} (${x.kind})`),
    el('details', {}, el('summary', {}, 'Mermaid source'), el('pre', { class: 'mermaid-source' }, x.mermaid)))));
  $('#checklist-status').replaceChildren(statusBadge(i.status), ' ',
    el('span', { class: 'muted' }, `${i.checklist.fail} failed, ${i.checklist.warn} warned, ${i.checklist.pass} passed`));
  $('#checklist-file').textContent = i.file ? `Lines of ${i.file}.` : 'A config built in code: no file to point into.';
  const list = (ul, items, none) => ul.replaceChildren(...(items.length ? worstFirst(items).map(item) : [el('li', { class: 'empty' }, none)]));
  list($('#checklist'), i.items, 'No item applies.');
  list($('#gateway-checklist'), i.gatewayItems, 'No item applies.');
}

function start() {
  setUpKey(state, forgetShown, refresh);
  $('#refresh').addEventListener('click', () => { state.blocked = false; refresh(); });
  // The config does not change while the gateway runs: no polling, Refresh reloads.
  refresh();
}

start();
