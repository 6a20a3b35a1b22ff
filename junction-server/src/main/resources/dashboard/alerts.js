// What a page says at the top: a problem (banner) or what an action did (notice). A banner says who put it up: a
// refresh clears only a problem a refresh reported, so an action's error stays until the next action or until it
// is dismissed; an action that fails hides the notice of the one before, which would say the opposite.
// The portal uses these too (not failed(), which knows the admin API's refusals).
import { AuthError } from './api.js';
import { $, el } from './dom.js';

let shownBy = null; // 'refresh' or 'action': who put up the banner shown now

export function problem(message, by = 'action') {
  const b = $('#banner');
  shownBy = message ? by : null;
  b.replaceChildren(...(message ? [el('span', { class: 'message' }, message),
    el('button', { type: 'button', class: 'dismiss', title: 'Dismiss', 'aria-label': 'Dismiss', onclick: () => problem('') }, '×')] : []));
  b.hidden = !message;
}

export function notice(message) {
  const n = $('#notice');
  n.textContent = message || '';
  n.hidden = !message;
}

/** A refresh read everything it asked for: a problem an earlier refresh reported is over; an action's error stays. */
export function refreshed() {
  if (shownBy === 'refresh') problem('');
}

/** An action succeeded: its notice (if it has one) replaces what an earlier action said. */
export function done(message) {
  problem('');
  if (message) notice(message);
}

/** An action failed, or a refresh did ({@code by}); an action's failure hides the notice of an earlier success. */
export function refused(message, by = 'action') {
  if (by === 'action') notice('');
  problem(message, by);
}

export function clearAlerts() {
  problem('');
  notice('');
}

/**
 * Shows what went wrong; a refused key (401) sets {@code state.blocked}, which stops the page's polling until a new key
 * is entered. A key that may not do something (403: a read key that tried a replay) still reads, so the page goes on
 * refreshing, and the refusal is said where what an action did is said.
 */
export function failed(error, state, by = 'action') {
  if (error instanceof AuthError && error.status === 403) {
    if (shownBy === 'action') problem('');
    notice(error.message);
    return;
  }
  if (error instanceof AuthError) state.blocked = true;
  refused(error.message, by);
}
