// Building DOM from data. Text always goes in as text (never as HTML): dedupe keys, errors and response
// excerpts come from outside systems.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (selector) => document.querySelector(selector);

/**
 * Replaces a table body's rows. A control of it that had the keyboard focus gets it back in the new rows: the same
 * kind of control in the row with the same data-* attributes (else in the row now at its place), so a refresh never
 * throws a keyboard user back to the top of the page.
 */
export function fill(tbody, rows, emptyText, columns) {
  const focus = focused(tbody);
  tbody.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText))]));
  if (focus) refocus(tbody, focus);
}

const rowKey = (row) => JSON.stringify(Object.entries(row.dataset).sort());

function focused(tbody) {
  const active = document.activeElement;
  const row = active && active !== tbody && tbody.contains(active) ? active.closest('tr') : null;
  if (!row) return null;
  const kind = { tag: active.tagName, className: active.className };
  return { key: rowKey(row), index: [...tbody.rows].indexOf(row), kind, nth: controls(row, kind).indexOf(active) };
}

const controls = (row, kind) => [...row.getElementsByTagName(kind.tag)].filter((c) => c.className === kind.className);

function refocus(tbody, focus) {
  const rows = [...tbody.rows];
  const row = rows.find((r) => rowKey(r) === focus.key) || rows[Math.min(focus.index, rows.length - 1)];
  const control = row && controls(row, focus.kind)[Math.max(focus.nth, 0)];
  if (control) control.focus({ preventScroll: true });
}

/**
 * False when {@code data} is what {@code part} last showed, as {@code shown} records it (else records it): a part
 * whose data did not change is not rebuilt, under the user's pointer or keyboard focus.
 */
export function changed(shown, part, data) {
  const json = JSON.stringify(data);
  if (shown[part] === json) return false;
  shown[part] = json;
  return true;
}

export const number = (n) => Number(n).toLocaleString('en');

/** The browser's time zone at {@code d}, as a reader knows it: UTC, CET, GMT+5:30. */
export const zone = (d = new Date()) => (new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' }).formatToParts(d)
  .find((p) => p.type === 'timeZoneName') || { value: '' }).value;

/** The browser's local time with its zone, as 2026-11-23 16:17:57 CET: unambiguous whatever the locale or the reader's zone. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone(d)}`;
}

export const badge = (text, kind = text) => el('span', { class: `badge ${String(kind).toLowerCase()}` }, text.replace('_', ' '));

/** The elements the server's Markdown rendering may produce that a page keeps (no links, images or attributes). */
const PLAIN = new Set(['H1', 'H2', 'H3', 'H4', 'P', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'CODE', 'PRE', 'BLOCKQUOTE', 'BR', 'HR',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD']);

/**
 * HTML rendered by the gateway (explain's Markdown, whose text the gateway has escaped) as a fragment of plain
 * elements: parsed in an inert document, then rebuilt element by element from the allowed ones, without a single
 * attribute, and text as text. Anything else keeps only its text. So what a config says can never become markup here.
 */
export function safeHtml(html) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const copy = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent);
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const children = [...node.childNodes].map(copy).filter(Boolean);
    if (!PLAIN.has(node.tagName)) return document.createTextNode(node.textContent);
    const kept = document.createElement(node.tagName.toLowerCase());
    kept.append(...children);
    return kept;
  };
  const fragment = document.createDocumentFragment();
  fragment.append(...[...parsed.body.childNodes].map(copy).filter(Boolean));
  return fragment;
}
