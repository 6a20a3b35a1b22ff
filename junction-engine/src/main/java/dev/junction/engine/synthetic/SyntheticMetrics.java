package dev.junction.engine.synthetic;

import dev.junction.store.SyntheticResult;
import dev.junction.store.SyntheticResult.Outcome;
import dev.junction.store.SyntheticState;
import dev.junction.store.SyntheticStates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What synthetic probes measure, every series declared at 0 from the start: {@code junction_synthetic_e2e_seconds}
 * (from the send to the last destination's 2xx, a histogram), {@code junction_synthetic_failures_total} by reason
 * (rejected, unrouted, late, dead), and {@code junction_synthetic_last_success_timestamp_seconds} read from the store,
 * so every node of a cluster shows the same last success whichever node ran the probe.
 */
public final class SyntheticMetrics {

    /** The failure reasons, as the {@code reason} label spells them. */
    public static final List<String> REASONS = Arrays.stream(Outcome.values()).filter(Outcome::failure)
            .map(o -> o.name().toLowerCase(Locale.ROOT)).toList();

    private final MeterRegistry registry;
    private final Memo<Map<String, Instant>> lastSuccess;

    public SyntheticMetrics(MeterRegistry registry, Collection<String> probes, SyntheticStates store, Clock clock) {
        this.registry = registry;
        this.lastSuccess = new Memo<>(() -> store.syntheticStates().stream()
                .filter(s -> s.lastSuccess() != null).collect(Collectors.toMap(SyntheticState::probe, SyntheticState::lastSuccess)), clock);
        for (String probe : probes) {
            e2e(probe);
            REASONS.forEach(reason -> failures(probe, reason));
            Gauge.builder("junction.synthetic.last.success.timestamp", lastSuccess, s -> {
                        Instant at = s.get().get(probe);
                        return at == null ? 0 : at.toEpochMilli() / 1000.0;
                    }).strongReference(true).baseUnit("seconds")
                    .description("When the probe's canary last arrived everywhere within its SLA (unix time; 0: never)")
                    .tag("synthetic", probe).register(registry);
        }
    }

    void finished(String probe, SyntheticResult result) {
        if (!result.outcome().failure()) lastSuccess.invalidate(); // this node's own success shows at the next scrape
        if (result.e2e() != null) e2e(probe).record(result.e2e());
        if (result.outcome().failure()) failures(probe, result.outcome().name().toLowerCase(Locale.ROOT)).increment();
    }

    private Timer e2e(String probe) {
        return Timer.builder("junction.synthetic.e2e").description("From a canary's send to the last 2xx of its deliveries")
                .tag("synthetic", probe).publishPercentileHistogram().register(registry);
    }

    private Counter failures(String probe, String reason) {
        return Counter.builder("junction.synthetic.failures").description("Canaries that did not arrive everywhere within the SLA, by reason")
                .tag("synthetic", probe).tag("reason", reason).register(registry);
    }

    /** The store asked at most once a second, however many gauges a scrape reads. */
    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> read;
        private final Clock clock;
        private T value;
        private Instant readAt;

        Memo(Supplier<T> read, Clock clock) {
            this.read = read;
            this.clock = clock;
        }

        @Override
        public synchronized T get() {
            Instant now = clock.instant();
            if (value == null || Duration.between(readAt, now).compareTo(Duration.ofSeconds(1)) >= 0) {
                value = read.get();
                readAt = now;
            }
            return value;
        }

        synchronized void invalidate() {
            value = null;
        }
    }
}
