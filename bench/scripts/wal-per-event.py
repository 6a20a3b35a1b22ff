#!/usr/bin/env python3
"""WAL bytes per event of the messages table, with and without an index on the dedupe key alone (ADR 0038).

Usage: python3 bench/scripts/wal-per-event.py   (needs only Python's sqlite3; writes to a temporary directory)
"""
import os
import random
import sqlite3
import string
import tempfile

SCHEMA = """
CREATE TABLE messages (id TEXT PRIMARY KEY, source TEXT NOT NULL, dedupe_key TEXT NOT NULL, received_at INTEGER NOT NULL,
                       content_type TEXT, headers TEXT NOT NULL, body BLOB NOT NULL, trace_id TEXT, event_type TEXT,
                       UNIQUE (source, dedupe_key));
CREATE INDEX messages_received ON messages (received_at);
CREATE INDEX messages_source ON messages (source, id);
CREATE INDEX messages_type ON messages (event_type, id);
"""
PRELOAD, COMMITS, PER_COMMIT = 100_000, 2_000, 10


def row(i):
    key = "evt_" + "".join(random.choices(string.ascii_letters, k=24))
    return ("m%012d" % i, "stripe", key, i, "application/json", '{"a":"b"}', os.urandom(1024), None, "invoice.paid")


def wal_bytes_per_event(with_key_index, directory):
    path = os.path.join(directory, "with.db" if with_key_index else "without.db")
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_autocheckpoint=0")
    c.executescript(SCHEMA)
    if with_key_index:
        c.execute("CREATE INDEX messages_dedupe ON messages (dedupe_key)")
    c.execute("BEGIN")
    for i in range(PRELOAD):
        c.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)", row(i))
    c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for t in range(COMMITS):
        c.execute("BEGIN")
        for k in range(PER_COMMIT):
            c.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)", row(PRELOAD + t * PER_COMMIT + k))
        c.execute("COMMIT")
    size = os.path.getsize(path + "-wal")
    c.close()
    return size / (COMMITS * PER_COMMIT)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        print(f"SQLite {sqlite3.sqlite_version}, {PRELOAD:,} rows, then {COMMITS:,} commits of {PER_COMMIT} events (1 KiB bodies)")
        for with_index in (True, False):
            label = "with an index on dedupe_key alone" if with_index else "without it (V18)"
            print(f"  WAL bytes per event {label}: {wal_bytes_per_event(with_index, d):,.0f}")
