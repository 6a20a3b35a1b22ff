// The iCal sources' feeds on the dashboard: each feed's health as the gateway judges it (a calendar the guard holds
// is "suspect", with its reason), the bookings Junction holds from it, and the operator's release of a held feed.
// Read from GET /api/v1/sources/{name}/feeds; never a feed's URL (the API does not give it).
import { get, post } from './api.js';
import { el, $, fill, number, when, badge } from './dom.js';

const HEALTH = { healthy: 'ok', suspect: 'dead', failing: 'retryable', unpolled: 'muted', released: 'retryable' };

/** Every feed of the given iCal sources, in the config's order, as one list; none when there is no iCal source. */
export async function readFeeds(sources) {
  const calendars = sources.filter((s) => s.kind === 'ical');
  const pages = await Promise.all(calendars.map((s) => get(`/api/v1/sources/${encodeURIComponent(s.name)}/feeds`)));
  return pages.flatMap((page) => page.items);
}

const feedPath = (f) => ['sources', f.source, 'feeds', f.unit, f.channel].map(encodeURIComponent).join('/');

function why(f) {
  if (f.health === 'suspect') {
    const seen = f.confirmations ? `, the same calendar ${number(f.confirmations)} more time(s) since` : '';
    return `held since ${when(f.heldSince)}: ${f.reason}${f.detail ? ` (${f.detail})` : ''}${seen}`;
  }
  if (f.health === 'failing') return f.lastFailureReason || 'the latest request failed';
  if (f.staleSince) return `stale since ${when(f.staleSince)}`;
  return f.health === 'released' ? 'released: its next calendar is taken as it is' : '';
}

/** How many events the feed's last calendar had that are no stay, and each ("uid: why", as text): nights blocked nowhere else. */
function skipped(f) {
  if (!f.skipped || !f.skipped.length) return null;
  return el('div', { class: 'skipped' }, `${number(f.skipped.length)} event(s) skipped: their nights are blocked on no other channel, so look at them.`,
    el('ul', {}, f.skipped.map((s) => el('li', {}, s))));
}

/** Held for these, a feed can be released; one whose answer is no calendar is fixed where it is served. */
const RELEASABLE = new Set(['empty', 'mass_removal']);

/** Shows the feeds in #feeds; the section stays hidden while the config has no iCal source. */
export function renderFeeds(feeds) {
  $('#calendars').hidden = feeds.length === 0;
  fill($('#feeds tbody'), feeds.map((f) => el('tr', { dataset: { feed: `${f.source}/${f.unit}/${f.channel}` } },
    el('td', {}, f.source), el('td', {}, f.unit), el('td', {}, f.channel),
    el('td', { class: 'health' }, badge(f.health, HEALTH[f.health] || f.health)),
    el('td', { class: 'why' }, why(f), skipped(f)),
    el('td', { class: 'n bookings' }, number(f.bookings)),
    el('td', {}, when(f.lastSuccess)), el('td', {}, when(f.lastFailure)),
    el('td', {}, f.health === 'suspect' && RELEASABLE.has(f.reason)
      ? el('button', { type: 'button', class: 'release', dataset: { release: feedPath(f) },
        title: 'Take this feed\'s next calendar as it is (needs an admin key)' }, 'Release')
      : null))), 'No feeds configured.', 9);
}

/** Listens for "Release" (the table is redrawn on refresh, so the table listens, not each button). */
export function setUpFeeds(onReleased) {
  $('#feeds').addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-release]');
    if (!button) return;
    const name = button.closest('tr').dataset.feed;
    const status = $('#feed-status');
    button.disabled = true;
    try {
      const feed = await post(`/api/v1/${button.dataset.release}/release`);
      status.textContent = `${name}: released; its next calendar is taken as it is (now ${feed.health}).`;
      onReleased();
    } catch (err) {
      status.textContent = `${name}: ${err.message}`;
      button.disabled = false;
    }
  });
}
