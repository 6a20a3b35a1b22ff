// Line charts drawn as SVG here, with no library: the page may load nothing from elsewhere, and three small
// charts need only scales, axes, paths and a tooltip. A chart is redrawn whole when its data changes; the
// bucket shown under the pointer stays shown across redraws.
import { el, zone } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 440;
const H = 190;
const M = { left: 46, right: 12, top: 10, bottom: 22 };
const MINUTE = 60e3;
const DAY = 1440 * MINUTE;
/** Spacings of time ticks, finest first: the finest that leaves at most 8 labels on the axis. */
const TIME_STEPS = [10e3, 30e3, MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 180 * MINUTE,
  360 * MINUTE, 720 * MINUTE, DAY, 2 * DAY];
const hovered = {}; // figure id -> start of the bucket under the pointer (an index would move on as the window does)

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(name, value);
  node.append(...children.flat().filter((c) => c !== undefined && c !== null));
  return node;
}

/** 1, 2 or 5 times a power of ten, about a quarter of {@code max}: 4 or 5 gridlines. Whole numbers for counts. */
function niceStep(max, integer) {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return integer ? Math.max(1, Math.round(step)) : step;
}

const two = (n) => String(n).padStart(2, '0');
const clock = (t, seconds) => {
  const d = new Date(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
};
const day = (t) => {
  const d = new Date(t);
  return `${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};

/** Ticks at round local times (whole minutes, hours, midnights) between {@code from} and {@code to}. */
function timeTicks(from, to) {
  const step = TIME_STEPS.find((s) => (to - from) / s <= 8) || TIME_STEPS.at(-1);
  const offset = new Date(from).getTimezoneOffset() * MINUTE; // local time is UTC minus this
  const ticks = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  const label = step >= DAY ? day : step >= 360 * MINUTE ? (t) => `${day(t)} ${clock(t)}` : (t) => clock(t, step < MINUTE);
  return ticks.map((t) => ({ t, label: label(t) }));
}

/** A line through the values; null leaves a gap. Points with no neighbour get a dot, or they would not show. */
function line(values, x, y) {
  let d = '';
  const dots = [];
  values.forEach((v, i) => {
    if (v === null) return;
    d += `${i > 0 && values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    if ((i === 0 || values[i - 1] === null) && (i === values.length - 1 || values[i + 1] === null)) dots.push([x(i), y(v)]);
  });
  return { d, dots };
}

/**
 * Draws into {@code figure}: {@code times} are the buckets' starts (ms since the epoch), one value per bucket in
 * each series; {@code format} writes a value for the axis and the tooltip; {@code empty} is said when no series has a value.
 */
export function lineChart(figure, { title, note, times, bucketMs, series, format, integer = false, area = false, empty = 'Nothing in this window' }) {
  const n = times.length;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i) => M.left + (n > 1 ? (i * plotW) / (n - 1) : plotW / 2);
  const xAt = (t) => M.left + (n > 1 ? ((t - times[0]) * plotW) / (times[n - 1] - times[0]) : plotW / 2);
  const known = series.flatMap((s) => s.values).filter((v) => v !== null);
  const max = Math.max(0, ...known);
  const step = niceStep(Math.max(max, integer ? 4 : 1), integer);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const y = (v) => M.top + plotH - (v * plotH) / top;

  const grid = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    grid.push(svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }),
      svg('text', { class: 'tick', x: M.left - 6, y: y(v) + 3.5, 'text-anchor': 'end' }, format(v)));
  }
  const ticks = n > 1 ? timeTicks(times[0], times[n - 1]).map(({ t, label }) => svg('g', {},
    svg('line', { class: 'axis', x1: xAt(t), x2: xAt(t), y1: M.top + plotH, y2: M.top + plotH + 4 }),
    svg('text', { class: 'tick', x: xAt(t), y: H - 5, 'text-anchor': 'middle' }, label))) : [];
  const lines = series.map((s) => {
    const { d, dots } = line(s.values, x, y);
    const fill = area && d && svg('path', { class: 'area', d: `${d}L${x(n - 1)},${y(0)}L${x(0)},${y(0)}Z` });
    return svg('g', { class: `s-${s.key}` }, fill,
      svg('path', { class: 'line', d, 'data-series': s.key, 'data-points': s.values.filter((v) => v !== null).length }),
      dots.map(([cx, cy]) => svg('circle', { class: 'dot', cx, cy, r: 2.5 })));
  });
  const guide = svg('line', { class: 'guide', y1: M.top, y2: M.top + plotH, visibility: 'hidden' });
  const tip = el('div', { class: 'tip', id: `${figure.id}-tip`, role: 'status', hidden: true });
  let at = -1;
  const show = (i) => {
    at = i;
    hovered[figure.id] = times[i];
    guide.setAttribute('x1', x(i));
    guide.setAttribute('x2', x(i));
    guide.setAttribute('visibility', 'visible');
    const seconds = bucketMs < MINUTE;
    const span = `${bucketMs >= 60 * MINUTE ? `${day(times[i])} ` : ''}${clock(times[i], seconds)}–${clock(times[i] + bucketMs, seconds)} ${zone(new Date(times[i]))}`;
    tip.replaceChildren(el('b', {}, span), el('dl', {}, series.flatMap((s) => [
      el('dt', { class: `s-${s.key}` }, el('span', { class: 'swatch' }), s.label),
      el('dd', { dataset: { series: s.key } }, s.values[i] === null ? '–' : format(s.values[i]))])));
    tip.hidden = false;
    // Beside the guide, on the side with more room (set through the CSSOM, which the page's CSP allows).
    const shown = chart.getBoundingClientRect().width;
    const px = (x(i) / W) * shown;
    tip.style.left = px < shown / 2 ? `${px + 12}px` : '';
    tip.style.right = px < shown / 2 ? '' : `${shown - px + 12}px`;
  };
  const hits = times.map((t, i) => {
    const x0 = i === 0 ? M.left : (x(i - 1) + x(i)) / 2;
    const x1 = i === n - 1 ? W - M.right : (x(i) + x(i + 1)) / 2;
    return svg('rect', { class: 'hit', x: x0, y: M.top, width: Math.max(0, x1 - x0), height: plotH,
      'data-index': i, 'data-start': new Date(t).toISOString() });
  });
  // Focusable: the arrow keys (and Home, End) move the tooltip from bucket to bucket as the mouse does; Escape hides it.
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', tabindex: 0,
    'aria-label': `${title}, ${note}. Arrow keys step through the buckets`, 'aria-describedby': `${figure.id}-tip` },
    svg('g', { class: 'y-axis' }, grid), svg('g', { class: 'x-axis' }, ticks), lines, guide,
    known.length ? null : svg('text', { class: 'empty', x: M.left + plotW / 2, y: M.top + plotH / 2, 'text-anchor': 'middle' }, empty),
    svg('g', { class: 'hits' }, hits));
  const hide = () => {
    at = -1;
    delete hovered[figure.id];
    tip.hidden = true;
    guide.setAttribute('visibility', 'hidden');
  };
  chart.addEventListener('mouseover', (e) => { if (e.target.dataset.index !== undefined) show(Number(e.target.dataset.index)); });
  chart.addEventListener('mouseleave', () => { if (document.activeElement !== chart) hide(); });
  chart.addEventListener('focus', () => { if (n && at < 0) show(n - 1); });
  chart.addEventListener('blur', () => { if (chart.isConnected) hide(); });
  chart.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { hide(); return; }
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: n - 1 }[e.key];
    if (to === undefined || !n) return;
    e.preventDefault();
    show(Math.max(0, Math.min(n - 1, to)));
  });
  // A redraw (new data every refresh) replaces the chart: a chart that had the keyboard gives it to its successor.
  const kept = hovered[figure.id];
  const focused = figure.contains(document.activeElement);
  figure.dataset.buckets = n;
  figure.replaceChildren(el('figcaption', {}, el('b', {}, title), ' ', el('small', {}, note)), chart,
    el('ul', { class: 'legend' }, series.map((s) => el('li', { class: `s-${s.key}`, dataset: { series: s.key } },
      el('span', { class: 'swatch' }), s.label))), tip);
  if (focused) chart.focus({ preventScroll: true });
  if (times.includes(kept)) show(times.indexOf(kept)); else if (focused && n) show(n - 1);
}
