// The API key form of every dashboard page. A new key, or none, starts the page afresh: nothing the previous key
// read stays shown, nor anything said about it, so a refused key never shows another key's data under its banner.
import { apiKey } from './api.js';
import { $ } from './dom.js';
import { clearAlerts, problem } from './alerts.js';

const showKeyState = () => { $('#api-key').placeholder = apiKey.get() ? 'set for this tab' : 'not set'; };

/**
 * {@code forget} empties what the page shows (it is shown again by the next refresh that succeeds); {@code reload}
 * reads the page again with the new key.
 */
export function setUpKey(state, forget, reload) {
  showKeyState();
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    apiKey.set($('#api-key').value.trim());
    $('#api-key').value = '';
    showKeyState();
    clearAlerts();
    forget();
    state.blocked = false;
    reload();
  });
  $('#forget-key').addEventListener('click', () => {
    apiKey.set('');
    showKeyState();
    clearAlerts();
    forget();
    state.blocked = true;
    problem('No API key: enter one above to see the gateway.', 'refresh');
  });
}
