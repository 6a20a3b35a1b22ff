package dev.junction.store.jdbc;

import dev.junction.store.SeriesBucket;
import dev.junction.store.SeriesQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Activity per time bucket, for the dashboard's charts: each query reads only the rows from the series' start
 * on, through an index on their time (messages_received, attempts_started, the dead and the pending/in-flight
 * partial indexes), and groups them by bucket in the database. Rows stamped after the series' end (it ends in
 * the past, or another node's clock runs ahead) land in one extra slot, {@code buckets}, which only the backlog uses.
 */
final class ActivitySeries {

    private final Transactions tx;
    private final Dialect dialect;

    ActivitySeries(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /** Counts per slot: index i is bucket i, index buckets is everything after the series' end. */
    private record Counts(long[] received, long[] created, long[] delivered, long[] failed, long[] died, LatencyHistogram[] latency) {
        Counts(int slots) {
            this(new long[slots], new long[slots], new long[slots], new long[slots], new long[slots], new LatencyHistogram[slots]);
            for (int i = 0; i < slots; i++) latency[i] = new LatencyHistogram();
        }
    }

    List<SeriesBucket> read(SeriesQuery q) {
        return tx.read("read the activity series", c -> dialect.inSnapshot(c, snapshot -> {
            Counts counts = new Counts(q.buckets() + 1);
            messages(snapshot, q, counts);
            attempts(snapshot, q, counts);
            deaths(snapshot, q, counts);
            return buckets(q, counts, unfinishedNow(snapshot, q));
        }));
    }

    /**
     * The backlog at each bucket's end, counted back from the backlog now: going back over a slot, what was created
     * in it was not there yet, and what finished in it (a successful attempt, a death) was still waiting.
     */
    private static List<SeriesBucket> buckets(SeriesQuery q, Counts n, long unfinishedNow) {
        int last = q.buckets();
        long[] backlog = new long[last];
        long waiting = unfinishedNow;
        for (int i = last; i > 0; i--) {
            waiting += n.delivered[i] + n.died[i] - n.created[i];
            // Never below zero: a node whose clock runs behind may stamp an attempt before its delivery was created.
            backlog[i - 1] = Math.max(0, waiting);
        }
        List<SeriesBucket> result = new ArrayList<>(last);
        for (int i = 0; i < last; i++) {
            result.add(new SeriesBucket(q.start().plus(q.bucket().multipliedBy(i)), n.received[i], n.delivered[i], n.failed[i], n.died[i],
                    n.latency[i].percentile(0.50), n.latency[i].percentile(0.99), backlog[i]));
        }
        return result;
    }

    /**
     * Messages received, and the deliveries created with them (at the message's received time). A message has
     * at most one delivery per destination, so with a destination the two are the same count.
     */
    private static void messages(Connection c, SeriesQuery q, Counts n) throws SQLException {
        if (q.destination() == null) {
            Criteria where = new Criteria().with("m.received_at >= ?", q.start()).with("m.source = ?", q.source());
            countByBucket(c, q, "m.received_at", "messages m" + where.where(), where, n.received);
        }
        // A join the planner may run as index probes for a short window or as a hash join for a long one. Not an
        // index on deliveries' creation time: every ingest would have to write it.
        Criteria where = new Criteria().with("m.received_at >= ?", q.start()).with("m.source = ?", q.source())
                .with("d.destination = ?", q.destination());
        countByBucket(c, q, "m.received_at", "messages m JOIN deliveries d ON d.message_id = m.id" + where.where(), where, n.created);
        if (q.destination() != null) System.arraycopy(n.created, 0, n.received, 0, n.created.length);
    }

    /** Adds to {@code into} the rows of {@code from} (tables and WHERE clause) per bucket of their {@code time}. */
    private static void countByBucket(Connection c, SeriesQuery q, String time, String from, Criteria where, long[] into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b, COUNT(*) FROM (SELECT (" + time + " - ?) / ? AS b FROM " + from + ") t GROUP BY b")) {
            where.bind(ps, bindBucket(ps, q));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) into[slot(rs.getLong(1), q)] += rs.getLong(2);
            }
        }
    }

    /** Attempts by outcome, and a histogram of their durations. */
    private static void attempts(Connection c, SeriesQuery q, Counts n) throws SQLException {
        Criteria where = new Criteria().with("a.started_at >= ?", q.start()).with("d.source = ?", q.source())
                .with("d.destination = ?", q.destination());
        // Attempts name only their delivery: join it only to filter.
        String join = q.source() == null && q.destination() == null ? "" : " JOIN deliveries d ON d.id = a.delivery_id";
        String sql = "SELECT b, duration_class, COUNT(*), SUM(CASE WHEN outcome = 'SUCCESS' THEN 1 ELSE 0 END) FROM (SELECT (a.started_at - ?) / ? AS b, "
                + LatencyHistogram.CLASS_SQL + " AS duration_class, a.outcome FROM attempts a" + join + where.where() + ") t GROUP BY b, duration_class";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps, bindBucket(ps, q));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int slot = slot(rs.getLong(1), q);
                    long all = rs.getLong(3);
                    long succeeded = rs.getLong(4);
                    n.delivered[slot] += succeeded;
                    n.failed[slot] += all - succeeded;
                    n.latency[slot].add(rs.getLong(2), all);
                }
            }
        }
    }

    /** Deliveries dead since the start, by when they died: the dead partial index, whose size the operators keep small. */
    private static void deaths(Connection c, SeriesQuery q, Counts n) throws SQLException {
        Criteria where = new Criteria().always("state = 'DEAD'").with("updated_at >= ?", q.start()).with("source = ?", q.source())
                .with("destination = ?", q.destination());
        countByBucket(c, q, "updated_at", "deliveries" + where.where(), where, n.died);
    }

    /** Deliveries pending or in flight now, one count per partial index. */
    private static long unfinishedNow(Connection c, SeriesQuery q) throws SQLException {
        long total = 0;
        for (String state : List.of("PENDING", "IN_FLIGHT")) {
            Criteria where = new Criteria().always("state = '" + state + "'").with("source = ?", q.source())
                    .with("destination = ?", q.destination());
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM deliveries" + where.where())) {
                where.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }

    /** Binds the bucket expression's start and width; returns the next parameter index. */
    private static int bindBucket(PreparedStatement ps, SeriesQuery q) throws SQLException {
        ps.setLong(1, q.start().toEpochMilli());
        ps.setLong(2, q.bucket().toMillis());
        return 3;
    }

    /** Rows are read from the start on, so the bucket number is never negative; all after the end share one slot. */
    private static int slot(long bucket, SeriesQuery q) {
        return (int) Math.min(bucket, q.buckets());
    }
}
