// The portal API as the page uses it. The link's token arrives in the URL's fragment (never sent to a server,
// so it is in no access log and no Referer); it is kept for this tab only, in sessionStorage, taken out of the
// address bar, and sent as a bearer token on every call.

const KEY = 'junction.portalToken';
const BASE = '/portal/api';

export const token = {
  get: () => sessionStorage.getItem(KEY) || '',
  /** Takes a token from the fragment (#token=...), if there is one, and clears the fragment. */
  adopt() {
    const found = new URLSearchParams(location.hash.slice(1)).get('token');
    if (!found) return false;
    sessionStorage.setItem(KEY, found);
    history.replaceState(null, '', location.pathname);
    return true;
  },
};

/** A refusal with the sentence to show; {@code problem} is the problem+json answered, if there was one. */
export class ApiError extends Error {
  constructor(message, problem = null) {
    super(message);
    this.problem = problem || {};
  }
}

/** 401: the link is missing, expired or not valid; nothing on the page works until a new one is opened. */
export class LinkError extends ApiError {}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token.get()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError('Cannot reach the server. Try again in a moment.');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  const detail = json && json.detail;
  if (response.status === 401) throw new LinkError(detail || 'This link is not valid; ask for a new one.', json);
  if (!response.ok) throw new ApiError(detail || `The request failed (${response.status}).`, json);
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => call('PATCH', path, body);
export const remove = (path) => call('DELETE', path);
