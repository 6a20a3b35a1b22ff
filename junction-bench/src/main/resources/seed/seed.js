'use strict';
// The seed stack bench/run measures Junction against: what a team first builds for webhooks in Node.js.
// `node seed.js api` takes Stripe-signed events on Express (POST /in/:source), verifies the signature,
// queues each in BullMQ under its event id (a second copy of a queued id is not queued again) and answers
// 202; `node seed.js worker` delivers queued events to SINK_URL, signed (Standard Webhooks), with
// BullMQ's retries (exponential backoff). Redis at REDIS_HOST:REDIS_PORT holds the queue. Written for
// bench/run only, by Junction's authors: a fair, ordinary take on the pattern, not a tuned one.
const crypto = require('node:crypto');
const express = require('express');
const { Queue, Worker } = require('bullmq');

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) { console.error(`seed: ${name} is not set`); process.exit(2); }
  return v;
};
const connection = { host: env('REDIS_HOST', '127.0.0.1'), port: Number(env('REDIS_PORT', '6379')), maxRetriesPerRequest: null };
const prefix = env('SEED_PREFIX', 'seedbench');
const QUEUE = 'deliveries';
const TOLERANCE_SECONDS = 300;

function stripeVerified(header, body, secret) {
  if (typeof header !== 'string') return false;
  let t; const v1 = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    const k = part.slice(0, i); const v = part.slice(i + 1);
    if (k === 't') t = v; else if (k === 'v1') v1.push(v);
  }
  if (!t || v1.length === 0 || Math.abs(Date.now() / 1000 - Number(t)) > TOLERANCE_SECONDS) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return v1.some(s => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
}

function api() {
  const secret = env('STRIPE_SECRET');
  const queue = new Queue(QUEUE, { connection, prefix });
  const app = express();
  app.post('/in/:source', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    if (!stripeVerified(req.get('Stripe-Signature'), req.body, secret)) return res.status(401).json({ error: 'bad signature' });
    let event;
    try { event = JSON.parse(req.body.toString('utf8')); } catch { return res.status(400).json({ error: 'not JSON' }); }
    if (typeof event?.id !== 'string' || event.id === '') return res.status(400).json({ error: 'no id' });
    try {
      await queue.add('deliver', { body: req.body.toString('utf8') },
        { jobId: event.id, attempts: 10, backoff: { type: 'exponential', delay: 10 }, removeOnComplete: true, removeOnFail: 1000 });
    } catch (e) {
      return res.status(503).json({ error: 'queue unavailable' });
    }
    res.status(202).json({ id: event.id, status: 'accepted' });
  });
  const server = app.listen(Number(env('PORT', '0')), '127.0.0.1', () => console.log(`SEED_LISTENING ${server.address().port}`));
}

function worker() {
  const sink = env('SINK_URL');
  const key = Buffer.from(env('DESTINATION_SECRET').replace(/^whsec_/, ''), 'base64');
  const w = new Worker(QUEUE, async job => {
    const id = `msg_${job.id}`;
    const ts = Math.floor(Date.now() / 1000).toString();
    const body = job.data.body;
    const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
    const r = await fetch(sink, {
      method: 'POST', body, signal: AbortSignal.timeout(5000),
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${sig}` },
    });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
  }, { connection, prefix, concurrency: Number(env('CONCURRENCY', '64')) });
  w.waitUntilReady().then(() => console.log('SEED_WORKER_READY'));
}

/** Removes the queue and everything under SEED_PREFIX, so a run leaves nothing in Redis. */
async function clean() {
  const queue = new Queue(QUEUE, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  console.log('SEED_CLEANED');
}

const role = process.argv[2];
if (role === 'api') api();
else if (role === 'worker') worker();
else if (role === 'clean') clean().then(() => process.exit(0), e => { console.error(`seed: clean failed: ${e.message}`); process.exit(1); });
else { console.error('usage: node seed.js api|worker|clean'); process.exit(2); }
