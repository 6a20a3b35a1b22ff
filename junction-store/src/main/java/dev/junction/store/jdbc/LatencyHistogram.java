package dev.junction.store.jdbc;

import java.util.Map;
import java.util.TreeMap;

/**
 * Attempt durations counted in classes of two significant digits: 0, 1, ..., 99 ms exactly, then 100-109,
 * 110-119, ..., 990-999, 1000-1099, ... and 10 s wide from 100 s on. The database groups a bucket's attempts
 * into these classes, so a percentile needs at most a few hundred counts however many attempts there were,
 * and both engines can do it (SQLite has no percentile function). A percentile is the largest duration of the
 * class holding it: exact below 100 ms, at most 10% high above.
 */
final class LatencyHistogram {

    /** The class of an attempt {@code a}'s duration, as its smallest duration: integer division on both engines. */
    static final String CLASS_SQL = """
            CASE WHEN a.duration_ms < 100 THEN a.duration_ms
                 WHEN a.duration_ms < 1000 THEN a.duration_ms / 10 * 10
                 WHEN a.duration_ms < 10000 THEN a.duration_ms / 100 * 100
                 WHEN a.duration_ms < 100000 THEN a.duration_ms / 1000 * 1000
                 ELSE a.duration_ms / 10000 * 10000 END""";

    private final TreeMap<Long, Long> counts = new TreeMap<>();
    private long total;

    void add(long classStart, long count) {
        counts.merge(classStart, count, Long::sum);
        total += count;
    }

    /**
     * The nearest-rank percentile {@code p} (0 < p <= 1): the largest duration of the class holding the
     * ceil(p * n)-th shortest attempt; null when there were none.
     */
    Long percentile(double p) {
        if (total == 0) return null;
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) return largestOf(e.getKey());
        }
        throw new IllegalStateException("rank " + rank + " beyond " + total);
    }

    /** The largest duration in the class starting at {@code classStart}, as {@link #CLASS_SQL} forms them. */
    static long largestOf(long classStart) {
        if (classStart < 100) return classStart;
        long width = 1;
        for (long v = classStart; v >= 100 && width < 10_000; v /= 10) width *= 10;
        return classStart + width - 1;
    }
}
