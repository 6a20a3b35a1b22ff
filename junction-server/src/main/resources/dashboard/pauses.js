// A destination's kill switch on the overview (Pause, asking why; Resume), and what holds the deliveries waiting for
// a destination or endpoint, which a pending delivery's story says instead of a "Next attempt" time long past.
import { post } from './api.js';
import { done } from './alerts.js';
import { el, when } from './dom.js';

/** Pause or Resume for a destination; {@code after} refreshes the page, {@code failed} shows a refusal (403 for a read key). */
export function pauseButton(d, after, failed) {
  return d.paused
    ? el('button', { type: 'button', class: 'resume', onclick: () => setPaused(d.name, false, after, failed) }, 'Resume')
    : el('button', { type: 'button', class: 'pause', onclick: () => setPaused(d.name, true, after, failed) }, 'Pause');
}

/** Pauses a destination (with the reason the operator gives; Cancel pauses nothing) or resumes it: an admin key's. */
async function setPaused(destination, pause, after, failed) {
  let body;
  if (pause) {
    const reason = prompt(`Pause ${destination}? Nothing is sent to it until it is resumed; what waits for it is kept.\nWhy (shown beside the pause):`, '');
    if (reason === null) return;
    body = reason.trim() ? { reason: reason.trim() } : {};
  }
  try {
    await post(`/api/v1/destinations/${encodeURIComponent(destination)}/${pause ? 'pause' : 'resume'}`, body);
    done(pause ? `Paused ${destination}: nothing is sent to it until it is resumed.` : `Resumed ${destination}: what waited for it goes out now.`);
    await after();
  } catch (e) {
    failed(e);
  }
}

/**
 * What holds the deliveries to each destination or endpoint, as the last refresh read it: a pause (or a disabled
 * endpoint), or this node's open breaker.
 */
export function heldBy(destinations, stats) {
  const held = {};
  for (const d of stats.destinations) {
    if (d.breaker === 'OPEN') held[d.name] = 'the circuit breaker is open on this node; it is tried again when the breaker lets a call through';
    if (d.endpoint && d.endpoint.disabled) held[d.name] = 'the endpoint is disabled; it gets nothing until it is enabled again';
  }
  for (const d of destinations) {
    if (d.paused) held[d.name] = `${d.name} is paused since ${when(d.pausedAt)}${d.pauseReason ? ` (${d.pauseReason})` : ''}; it gets nothing until resumed`;
  }
  return held;
}
