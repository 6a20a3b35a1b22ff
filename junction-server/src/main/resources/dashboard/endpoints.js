// Outbound (customer) endpoints on the overview: GET /stats lists each endpoint that has work waiting, dead letters or
// attempts in the window, with whose it is and where it points, so the page needs no call per application.
import { el, $, fill, number, badge } from './dom.js';

const ENDPOINT_PREFIX = 'ep_';

export const isEndpoint = (name) => name.startsWith(ENDPOINT_PREFIX);

/** Whose endpoint a destination is, as a person says it (the customer's name, else its uid); null for a destination. */
export function customerOf(stats, destination) {
  const d = stats.destinations.find((x) => x.name === destination);
  const e = d && d.endpoint;
  return e ? e.appName || e.appUid || e.appId : null;
}

export function renderEndpoints(stats) {
  const endpoints = stats.destinations.filter((d) => isEndpoint(d.name));
  $('#customer-endpoints').hidden = !endpoints.length;
  fill($('#endpoints tbody'), endpoints.map((d) => {
    const e = d.endpoint; // null: deleted since its deliveries were made
    return el('tr', { dataset: { destination: d.name } },
      el('td', { class: 'app' }, e ? e.appName || e.appUid : el('span', { class: 'muted' }, 'deleted endpoint')),
      el('td', { class: 'url' }, e ? e.url : ''), el('td', { class: 'id muted' }, d.name),
      el('td', { class: 'breaker' }, badge(d.breaker)),
      el('td', { class: 'state' }, e && e.disabled ? badge('disabled', 'paused') : badge(e ? 'enabled' : 'gone', e ? 'ok' : 'paused')),
      el('td', { class: 'n pending' }, number(d.pending)), el('td', { class: 'n due' }, number(d.due)),
      el('td', { class: 'n in-flight' }, number(d.inFlight)), el('td', { class: 'n dead' }, number(d.dead)),
      el('td', { class: 'n succeeded' }, number(d.succeeded)), el('td', { class: 'n failed' }, number(d.retryable + d.permanent)));
  }), 'No endpoint has work or attempts in this window.', 11);
}
