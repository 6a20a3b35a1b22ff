package dev.junction.engine.poll;

import dev.junction.core.config.IcalSpec;
import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.Freshness;
import dev.junction.engine.ical.UnitState;
import dev.junction.store.PollRecord;
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
 * Polls by source and outcome ({@code junction_polls_total}), how long ago each feed was last taken
 * ({@code junction_feed_last_success_age_seconds{source,unit,channel}}: a JSON API is one feed with empty unit and
 * channel; an iCal source has one per unit and channel), and whether an iCal feed is held as suspect
 * ({@code junction_feed_held{source,unit,channel}}, 1 while held, else 0) and the events its last calendar had that no
 * stay could be read from ({@code junction_feed_skipped_events}), and an iCal source's overbookings open now
 * ({@code junction_ical_conflicts_open{source}}). Read from the store, so every node of a
 * cluster shows the same figure whichever polls. A feed never taken ages from its first poll (an iCal feed's, from the
 * store; a JSON API's, from the first poll this node ran), so a feed broken from the start is as stale as one broken
 * later; the age is NaN only before the first poll. Alert on both: a feed gone stale, a feed whose calendar is not
 * believed.
 */
public final class PollMetrics implements BiConsumer<String, PollResult> {

    public static final String FEED_AGE = "junction_feed_last_success_age_seconds";
    public static final String FEED_HELD = "junction_feed_held";
    public static final String FEED_SKIPPED = "junction_feed_skipped_events";
    public static final String CONFLICTS_OPEN = "junction_ical_conflicts_open";
    /** A scrape reads an iCal source's states once for all its feeds' gauges. */
    private static final Duration STATES_REUSED = Duration.ofSeconds(1);

    private record Read(Instant at, Map<String, UnitState> units) {}

    private final MeterRegistry registry;
    private final PollStates store;
    private final Clock clock;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    /** When this node first ran a poll of each JSON API: its age before its first success. */
    private final Map<String, Instant> firstPolled = new ConcurrentHashMap<>();

    public PollMetrics(MeterRegistry registry, Collection<String> sources, PollStates store, Clock clock) {
        this(registry, sources, Map.of(), store, clock);
    }

    public PollMetrics(MeterRegistry registry, Collection<String> sources, Map<String, IcalSpec> icals, PollStates store, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        // Every polled source with every outcome exists at 0 from start, so rate() and alerts read it before the first poll.
        for (String source : sources) {
            for (PollRecord.Outcome o : PollRecord.Outcome.values()) polls(source, o.label());
            polls(source, "skipped");
            polls(source, "deferred");
        }
        for (String source : sources) {
            if (icals.containsKey(source)) continue;
            gauge(source, "", "", () -> age(source));
            withheld(source);
        }
        // An overbooking is told once, as booking.conflict; the gauge says how many last, from 0 before the first poll.
        icals.forEach((source, spec) -> Gauge.builder(CONFLICTS_OPEN, () -> conflicts(source, spec))
                .description("Overbookings open now: pairs of bookings from two channels of a unit that hold a night in common")
                .tag("source", source).register(registry));
        icals.forEach((source, spec) -> spec.units().values().forEach(unit -> unit.channels().keySet().forEach(channel -> {
            ChannelFeed feed = IcalStates.feed(unit, channel);
            gauge(source, unit.name(), channel, () -> age(source, feed));
            Gauge.builder(FEED_HELD, () -> held(source, feed)).description("1 while the iCal feed is held as suspect (its calendar not believed), else 0")
                    .tag("source", source).tag("unit", unit.name()).tag("channel", channel).register(registry);
            // Nights Junction cannot read (no UID, a recurring event, backwards dates) are blocked nowhere: a person must look.
            Gauge.builder(FEED_SKIPPED, () -> skipped(source, feed))
                    .description("Events the feed's last calendar had that are no stay Junction can read (at most " + FeedState.SKIPPED_SHOWN + ")")
                    .tag("source", source).tag("unit", unit.name()).tag("channel", channel).register(registry);
        })));
    }

    private void gauge(String source, String unit, String channel, java.util.function.Supplier<Number> age) {
        Gauge.builder(FEED_AGE, age).description("Seconds since the feed's last successful poll")
                .tag("source", source).tag("unit", unit).tag("channel", channel).register(registry);
    }

    @Override
    public void accept(String source, PollResult result) {
        String outcome = switch (result) {
            case PollResult.Done d -> {
                firstPolled.putIfAbsent(source, d.record().startedAt());
                if (d.withheldDeletions() > 0) withheld(source).increment(d.withheldDeletions());
                yield d.record().outcome().label();
            }
            case PollResult.Skipped s -> "skipped";
            case PollResult.Deferred d -> "deferred";
        };
        polls(source, outcome).increment();
    }

    /** Deletions a JSON API's full listing implied and the mass-removal guard kept back (per node: aggregate with sum). */
    private Counter withheld(String source) {
        return Counter.builder("junction_poll_deletions_withheld_total")
                .description("Deletions a full listing implied that the mass-removal guard withheld").tag("source", source).register(registry);
    }

    private Counter polls(String source, String outcome) {
        return Counter.builder("junction_polls_total").description("Polls by source and outcome").tag("source", source).tag("outcome", outcome)
                .register(registry);
    }

    private double age(String source) {
        try {
            PollState state = store.pollState(source);
            Instant from = state.lastSuccessAt() != null ? state.lastSuccessAt() : firstPolled.get(source);
            return from == null ? Double.NaN : Duration.between(from, clock.instant()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double age(String source, ChannelFeed feed) {
        try {
            Instant now = clock.instant();
            FeedState state = state(source, feed, now);
            Duration age = state == null ? null : Freshness.age(state, now);
            return age == null ? Double.NaN : age.toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double held(String source, ChannelFeed feed) {
        try {
            FeedState state = state(source, feed, clock.instant());
            return state != null && state.health().suspect() ? 1 : 0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double skipped(String source, ChannelFeed feed) {
        try {
            FeedState state = state(source, feed, clock.instant());
            return state == null ? 0 : state.skipped().size();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double conflicts(String source, IcalSpec spec) {
        try {
            return IcalStates.openConflicts(spec, units(source, clock.instant())).size();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The feed's state as the store has it, read at most once a second for all of a source's gauges; null before its first poll. */
    private FeedState state(String source, ChannelFeed feed, Instant now) {
        UnitState unit = units(source, now).get(feed.unit());
        return unit == null ? null : unit.feeds().get(feed.channel());
    }

    private Map<String, UnitState> units(String source, Instant now) {
        Read read = reads.get(source);
        if (read == null || Duration.between(read.at(), now).compareTo(STATES_REUSED) >= 0) {
            read = new Read(now, IcalStates.units(store.snapshot(source)));
            reads.put(source, read);
        }
        return read.units();
    }
}
