package dev.junction.bench;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Latency percentiles in milliseconds, from an HdrHistogram recorded in microseconds (1 µs to 5 min,
 * 3 significant digits).
 */
record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    static ConcurrentHistogram histogram() {
        return new ConcurrentHistogram(1, 300_000_000L, 3);
    }

    /** Records a duration given in nanoseconds, clamped into the histogram's range. */
    static void record(AbstractHistogram h, long nanos) {
        long micros = Math.max(1, Math.min(300_000_000L, nanos / 1000));
        h.recordValue(micros);
    }

    static Latency of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                Math.round(h.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
