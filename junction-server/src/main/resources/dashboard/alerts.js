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

/** Shows what went wrong; a refused key sets {@code state.blocked}, which stops the page's polling until a new key is entered. */
export function failed(error, state) {
  if (error instanceof AuthError) state.blocked = true;
  banner(error.message);
}
