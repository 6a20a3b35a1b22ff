package dev.junction.client.http;

import java.time.Clock;
import java.time.Duration;

/**
 * Retries may be at most a share of the requests over a sliding window, plus a small reserve, as Finagle's and
 * Envoy's retry budgets allow: when a dependency fails everything, retries add {@code percent} more load rather than
 * multiplying it by the attempts. Counted per second in a ring of buckets; thread-safe; time from the injected clock.
 */
public final class RetryBudget {

    /**
     * How much retrying a budget allows.
     *
     * @param percent             retries as a share of the requests in the window, e.g. 0.2
     * @param minRetriesPerSecond a reserve so that a host with little traffic may still retry, e.g. 10 (Finagle's)
     * @param window              how far back requests and retries count, whole seconds, e.g. 10 s
     */
    public record Config(double percent, int minRetriesPerSecond, Duration window) {

        /** Finagle's defaults: 20% of requests plus 10 retries a second, over 10 seconds. */
        public static final Config DEFAULT = new Config(0.2, 10, Duration.ofSeconds(10));

        public Config {
            if (percent < 0 || percent > 1) throw new IllegalArgumentException("percent must be in [0, 1], but was " + percent);
            if (minRetriesPerSecond < 0) throw new IllegalArgumentException("minRetriesPerSecond must not be negative, but was " + minRetriesPerSecond);
            if (window.toSeconds() < 1) throw new IllegalArgumentException("window must be at least 1 s, but was " + window);
        }
    }

    private final Config config;
    private final Clock clock;
    private final long[] seconds;
    private final long[] requests;
    private final long[] retries;

    public RetryBudget(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        int buckets = (int) config.window().toSeconds();
        this.seconds = new long[buckets];
        this.requests = new long[buckets];
        this.retries = new long[buckets];
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** Counts a logical call's first attempt. */
    public synchronized void onRequest() {
        requests[bucket()]++;
    }

    /** Takes one retry from the budget; false (and nothing taken) when the window's retries are used up. */
    public synchronized boolean tryRetry() {
        int now = bucket();
        long requested = 0;
        long retried = 0;
        for (int i = 0; i < seconds.length; i++) {
            requested += requests[i];
            retried += retries[i];
        }
        long allowed = (long) Math.floor(requested * config.percent()) + (long) config.minRetriesPerSecond() * seconds.length;
        if (retried >= allowed) return false;
        retries[now]++;
        return true;
    }

    /** The bucket of the current second, emptied first if it last counted an older second. */
    private int bucket() {
        long second = Math.floorDiv(clock.millis(), 1000L);
        int i = (int) Math.floorMod(second, (long) seconds.length);
        if (seconds[i] != second) {
            // Buckets of seconds that passed without calls still hold old counts: clear every one that is stale.
            for (int j = 0; j < seconds.length; j++) {
                if (seconds[j] <= second - seconds.length) {
                    seconds[j] = Long.MIN_VALUE;
                    requests[j] = 0;
                    retries[j] = 0;
                }
            }
            seconds[i] = second;
            requests[i] = 0;
            retries[i] = 0;
        }
        return i;
    }
}
