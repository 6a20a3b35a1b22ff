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

export function fill(tbody, rows, emptyText, columns) {
  tbody.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText))]));
}

export const number = (n) => Number(n).toLocaleString('en');

/** Local time as 2026-11-23 16:17:57: unambiguous whatever the browser's locale. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
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
