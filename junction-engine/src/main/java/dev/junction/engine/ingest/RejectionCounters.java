package dev.junction.engine.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Rejected requests leave no trace in the store, only a count per source and reason. */
public final class RejectionCounters {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void increment(String source, RequestOutcome reason) {
        counts.computeIfAbsent(source + "|" + reason.label(), k -> new AtomicLong()).incrementAndGet();
    }

    /** Counts by reason, summed over sources. */
    public Map<String, Long> byReason() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((key, count) -> result.merge(key.substring(key.indexOf('|') + 1), count.get(), Long::sum));
        return result;
    }

    /** Counts keyed "source|reason". */
    public Map<String, Long> bySourceAndReason() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((key, count) -> result.put(key, count.get()));
        return result;
    }
}
