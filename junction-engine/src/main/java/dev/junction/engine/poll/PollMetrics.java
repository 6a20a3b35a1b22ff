package dev.junction.engine.poll;

import dev.junction.core.config.IcalSpec;
import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.Freshness;
import dev.junction.engine.ical.UnitState;
import dev.junction.store.PollState;
import dev.junction.store.PollStates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Polls by source and outcome ({@code junction_polls_total}), and how long ago each feed was last taken
 * ({@code junction_feed_last_success_age_seconds{source,unit,channel}}: a JSON API is one feed with empty unit and
 * channel; an iCal source has one per unit and channel). Read from the store, so every node of a cluster shows the same
 * figure whichever polls; NaN before the first success. Alert on it to catch a feed gone stale.
 */
public final class PollMetrics implements BiConsumer<String, PollResult> {

    public static final String FEED_AGE = "junction_feed_last_success_age_seconds";
    /** A scrape reads an iCal source's states once for all its feeds' gauges. */
    private static final Duration STATES_REUSED = Duration.ofSeconds(1);

    private record Read(Instant at, Map<String, UnitState> units) {}

    private final MeterRegistry registry;
    private final PollStates store;
    private final Clock clock;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    public PollMetrics(MeterRegistry registry, Collection<String> sources, PollStates store, Clock clock) {
        this(registry, sources, Map.of(), store, clock);
    }

    public PollMetrics(MeterRegistry registry, Collection<String> sources, Map<String, IcalSpec> icals, PollStates store, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        for (String source : sources) {
            if (icals.containsKey(source)) continue;
            gauge(source, "", "", () -> age(source));
        }
        icals.forEach((source, spec) -> spec.units().values().forEach(unit -> unit.channels().keySet().forEach(channel -> {
            ChannelFeed feed = IcalStates.feed(unit, channel);
            gauge(source, unit.name(), channel, () -> age(source, feed));
        })));
    }

    private void gauge(String source, String unit, String channel, java.util.function.Supplier<Number> age) {
        Gauge.builder(FEED_AGE, age).description("Seconds since the feed's last successful poll")
                .tag("source", source).tag("unit", unit).tag("channel", channel).register(registry);
    }

    @Override
    public void accept(String source, PollResult result) {
        String outcome = switch (result) {
            case PollResult.Done d -> d.record().outcome().label();
            case PollResult.Skipped s -> "skipped";
        };
        Counter.builder("junction_polls_total").description("Polls by source and outcome").tag("source", source).tag("outcome", outcome)
                .register(registry).increment();
    }

    private double age(String source) {
        try {
            PollState state = store.pollState(source);
            return state.lastSuccessAt() == null ? Double.NaN : Duration.between(state.lastSuccessAt(), clock.instant()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double age(String source, ChannelFeed feed) {
        try {
            Instant now = clock.instant();
            Read read = reads.get(source);
            if (read == null || Duration.between(read.at(), now).compareTo(STATES_REUSED) >= 0) {
                read = new Read(now, IcalStates.units(store.snapshot(source)));
                reads.put(source, read);
            }
            UnitState unit = read.units().get(feed.unit());
            FeedState state = unit == null ? null : unit.feeds().get(feed.channel());
            Duration age = state == null || state.lastSuccess() == null ? null : Freshness.age(state, now);
            return age == null ? Double.NaN : age.toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
