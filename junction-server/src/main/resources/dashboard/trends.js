// The "Over time" charts of the chosen window, from GET /api/v1/stats/series (what each figure counts is in the
// README and the OpenAPI document).
import { lineChart } from './charts.js';
import { $, number } from './dom.js';

function width(seconds) {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} h`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} min`;
  return `${seconds} s`;
}

const milliseconds = (v) => `${number(v)} ms`;

export function renderTrends(series) {
  const times = series.buckets.map((b) => Date.parse(b.start));
  const bucketMs = series.bucketSeconds * 1000;
  const values = (field) => series.buckets.map((b) => b[field]);
  lineChart($('#chart-throughput'), {
    title: 'Throughput', note: `per ${width(series.bucketSeconds)}`, times, bucketMs, integer: true, format: number,
    series: [
      { key: 'received', label: 'Received', values: values('received') },
      { key: 'delivered', label: 'Delivered', values: values('delivered') },
      { key: 'failed', label: 'Failed attempts', values: values('failed') },
    ],
  });
  lineChart($('#chart-latency'), {
    title: 'Delivery latency', note: 'attempt durations', times, bucketMs, integer: true, format: milliseconds, empty: 'No attempts in this window',
    series: [
      { key: 'p50', label: 'p50', values: values('latencyP50Ms') },
      { key: 'p99', label: 'p99', values: values('latencyP99Ms') },
    ],
  });
  lineChart($('#chart-backlog'), {
    title: 'Backlog', note: 'pending or in flight at each bucket\'s end', times, bucketMs, integer: true, area: true, format: number,
    series: [{ key: 'backlog', label: 'Waiting deliveries', values: values('backlog') }],
  });
}
