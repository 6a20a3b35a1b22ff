// What the dashboard's pages say at the top: a problem (banner) or what an action did (notice).
import { AuthError } from './api.js';
import { $ } from './dom.js';

export function banner(message) {
  const b = $('#banner');
  b.textContent = message || '';
  b.hidden = !message;
}

export function notice(message) {
  const n = $('#notice');
  n.textContent = message || '';
  n.hidden = !message;
}

/**
 * Shows what went wrong; a refused key (401) sets {@code state.blocked}, which stops the page's polling until a new key
 * is entered. A key that may not do something (403: a read key that tried a replay) still reads, so the page goes on
 * refreshing, and the refusal is said where what an action did is said (a refresh clears the banner, not that).
 */
export function failed(error, state) {
  if (error instanceof AuthError && error.status === 403) {
    notice(error.message);
    return;
  }
  if (error instanceof AuthError) state.blocked = true;
  banner(error.message);
}
