#!/usr/bin/env python3
"""What one event writes to SQLite's WAL, by b-tree, for commits of a given size and a given page size.

The schema is the gateway's own: the SQLite migrations of junction-store run in order. A store is preloaded
with PRELOAD events (message, delivery, attempt), then each commit does what the gateway's group commit does
under load: BATCH new messages with their deliveries leased at ingest (IN_FLIGHT), and the previous commit's
deliveries recorded as delivered (one UPDATE and one attempt row each). The WAL's frames are then counted by
the b-tree their page belongs to (SQLite's dbstat table).

Usage: python3 bench/scripts/wal-by-btree.py [--batches 4,16,64] [--page-sizes 4096] [--keys random|sequential]
Needs only Python's sqlite3 (with dbstat, as Debian's has); writes to a temporary directory.
"""
import argparse
import collections
import glob
import os
import re
import sqlite3
import string
import struct
import random
import tempfile

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "..", "junction-store", "src", "main", "resources", "db", "migration", "sqlite")
PRELOAD = 50_000
EVENTS = 4_000
HEADERS = '{"content-type":["application/json"],"stripe-signature":["t=1,v1=…"],"user-agent":["Stripe/1.0"]}'


def migrate(c):
    def version(path):
        return int(re.match(r"V(\d+)__", os.path.basename(path)).group(1))
    for path in sorted(glob.glob(os.path.join(MIGRATIONS, "V*.sql")), key=version):
        c.executescript(open(path, encoding="utf-8").read())


class Events:
    def __init__(self, keys):
        self.n, self.t, self.keys = 0, 1_800_000_000_000, keys
        self.body = os.urandom(968)

    def commit(self, c, batch, previous):
        c.execute("BEGIN IMMEDIATE")
        leased = []
        for _ in range(batch):
            self.n += 1
            self.t += 1
            m, d = f"msg_{self.n:026d}", f"dlv_{self.n:026d}"
            key = "evt_" + ("".join(random.choices(string.ascii_letters, k=24)) if self.keys == "random" else f"{self.n:024d}")
            c.execute("INSERT INTO messages (id, source, dedupe_key, received_at, content_type, headers, body, trace_id, event_type) "
                      "VALUES (?, 'stripe', ?, ?, 'application/json', ?, ?, '0af7651916cd43dd8448eb211c80319c', 'invoice.paid') "
                      "ON CONFLICT (source, dedupe_key) DO NOTHING", (m, key, self.t, HEADERS, self.body))
            c.execute("INSERT INTO deliveries (id, message_id, source, destination, state, attempts, next_attempt_at, created_at, updated_at, "
                      "ordering_key, ordering_skip_dead, lease_owner, lease_until) "
                      "VALUES (?, ?, 'stripe', 'sink', 'IN_FLIGHT', 0, ?, ?, ?, NULL, 0, 'node-1', ?)", (d, m, self.t, self.t, self.t, self.t + 35_000))
            leased.append(d)
        for d in previous:
            c.execute("UPDATE deliveries SET state = 'SUCCEEDED', attempts = 1, updated_at = ?, lease_owner = NULL, lease_until = NULL "
                      "WHERE id = ?", (self.t, d))
            c.execute("INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome, status, response_excerpt) "
                      "VALUES (?, 1, ?, 1, 'SUCCESS', 200, 'ok')", (d, self.t))
        c.execute("COMMIT")
        return leased


def measure(directory, page_size, batch, keys):
    path = os.path.join(directory, f"p{page_size}-{batch}.db")
    c = sqlite3.connect(path, isolation_level=None)
    c.execute(f"PRAGMA page_size={page_size}")
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_autocheckpoint=0")
    migrate(c)
    events = Events(keys)
    previous = []
    for _ in range(PRELOAD // 100):
        previous = events.commit(c, 100, previous)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    commits = max(50, EVENTS // batch)
    for _ in range(commits):
        previous = events.commit(c, batch, previous)
    pages = dict((p, name) for name, p in c.execute("SELECT name, pageno FROM dbstat"))
    wal = open(path + "-wal", "rb").read()
    c.close()
    size = struct.unpack(">I", wal[8:12])[0]
    frames = collections.Counter()
    for offset in range(32, len(wal) - size - 23, size + 24):
        frames[pages.get(struct.unpack(">I", wal[offset:offset + 4])[0], "(freed)")] += 1
    n = commits * batch
    return sum(frames.values()) * (size + 24) / n, {k: v / n for k, v in frames.most_common()}


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--batches", default="4,16,64")
    a.add_argument("--page-sizes", default="4096")
    a.add_argument("--keys", choices=("random", "sequential"), default="random")
    o = a.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}; {PRELOAD:,} events preloaded; then commits of N new events plus the previous "
          f"commit's deliveries recorded; dedupe keys {o.keys}; 1 KiB bodies")
    with tempfile.TemporaryDirectory() as d:
        for page_size in (int(p) for p in o.page_sizes.split(",")):
            for batch in (int(b) for b in o.batches.split(",")):
                per_event, frames = measure(d, page_size, batch, o.keys)
                top = ", ".join(f"{k} {v:.2f}" for k, v in list(frames.items())[:6])
                print(f"  page {page_size:>5}, {batch:>3} events/commit: {per_event / 1024:5.1f} KiB of WAL per event; "
                      f"frames per event by b-tree: {top}, ...")
                for f in glob.glob(os.path.join(d, "*")):
                    os.remove(f)


if __name__ == "__main__":
    main()
