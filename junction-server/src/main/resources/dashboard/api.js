// The admin API as the dashboard uses it: every call carries the API key (kept for this tab only, in
// sessionStorage) as a bearer token; refusals and problems become errors with a sentence to show.

const KEY = 'junction.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || '',
  set: (value) => value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY),
};

/** 401 or 403: the key is missing, wrong, or not allowed to do this. */
export class AuthError extends Error {
  constructor(status, detail) {
    super(status === 401
      ? `The admin API refused the request (401): ${apiKey.get() ? 'the API key was not accepted' : 'it needs an API key'}. Enter a valid key above.`
      : `The API key is not allowed to do this (403).${detail ? ' ' + detail : ''}`);
    this.status = status;
  }
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const key = apiKey.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'Cannot reach the gateway. Is it running?');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (response.status === 401 || response.status === 403) throw new AuthError(response.status, json && json.detail);
  if (!response.ok) throw new ApiError(response.status, (json && json.detail) || `${method} ${path} failed (${response.status}).`);
  return json;
}

export const get = (path, params = {}) => {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return call('GET', query.size ? `${path}?${query}` : path);
};
export const post = (path, body) => call('POST', path, body);

/**
 * The first {@code count} rows of a list, page after page (a page holds at most 500), answered as one page is:
 * {items, next}. A list that "More" has lengthened refreshes this way, so the rows it added stay shown.
 */
export async function firstRows(path, params, count) {
  const rows = { items: [], next: null };
  do {
    const page = await get(path, { ...params, limit: Math.min(500, count - rows.items.length), cursor: rows.next });
    rows.items.push(...page.items);
    rows.next = page.next;
  } while (rows.next && rows.items.length < count);
  return rows;
}
