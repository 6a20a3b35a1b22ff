package dev.junction.engine.outbound;

import dev.junction.core.event.EventTypeGlob;
import dev.junction.core.model.Ids;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.append.Appended;
import dev.junction.engine.append.Appender;
import dev.junction.engine.append.Arrival;
import dev.junction.store.App;
import dev.junction.store.Endpoint;
import dev.junction.store.OutboundApps;
import dev.junction.store.PlannedDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The publish door: a message an application's owner publishes fans out, in the one transaction that stores
 * it, to every enabled endpoint of the application whose event-type filter and channels take it. Each
 * delivery then goes through the pipeline like any other: signed, retried, guarded, dead-lettered, replayable.
 */
public final class Publisher {

    /** The event type of a test event: Junction's own, so no catalogue entry or endpoint filter stands in its way. */
    public static final String TEST_EVENT_TYPE = "junction.test";

    /** The source name of an application's messages: publishes of one app dedupe on their event id. */
    public static String source(App app) {
        return Arrival.APP_PREFIX + app.uid();
    }

    /** {@code junction_outbound_publishes_total{outcome}}: what each publish came to. */
    public static final String PUBLISHES = "junction_outbound_publishes_total";
    /** Every outcome a publish may come to, each a series at 0 from the start. */
    public static final List<String> OUTCOMES = List.of("accepted", "duplicate", "overloaded", "schema-refused", "type-archived");

    private final OutboundApps store;
    private final Appender appender;
    private final Ids ids;
    private volatile io.micrometer.core.instrument.MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    public Publisher(OutboundApps store, Appender appender, Ids ids) {
        this.store = store;
        this.appender = appender;
        this.ids = ids;
    }

    /**
     * @param payload  the message body, JSON
     * @param channels the message's channels; empty for none
     * @param eventId  the publisher's own id of the event: a second publish with it is a duplicate (null: none)
     */
    /** Counts publishes in {@code registry}, every outcome declared at 0. */
    public void metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : OUTCOMES) counter(outcome);
    }

    /** A publish refused before anything was stored: {@code schema-refused} or {@code type-archived}. */
    public void refused(String outcome) {
        counter(outcome).increment();
    }

    private io.micrometer.core.instrument.Counter counter(String outcome) {
        return io.micrometer.core.instrument.Counter.builder(PUBLISHES).description("Outbound publishes by what they came to")
                .tag("outcome", outcome).register(registry);
    }

    public Appended publish(App app, String eventType, byte[] payload, List<String> channels, String eventId, String traceId) {
        Appended appended = append(app, eventType, payload, channels, eventId, traceId);
        counter(switch (appended) {
            case Appended.Stored s -> "accepted";
            case Appended.Duplicate d -> "duplicate";
            case Appended.Overloaded o -> "overloaded";
        }).increment();
        return appended;
    }

    private Appended append(App app, String eventType, byte[] payload, List<String> channels, String eventId, String traceId) {
        List<PlannedDelivery> planned = new ArrayList<>();
        for (Endpoint e : store.endpoints(app.id())) {
            if (takes(e, eventType, channels)) planned.add(PlannedDelivery.unordered(e.id()));
        }
        String dedupeKey = eventId != null ? eventId : ids.next("evt");
        Arrival arrival = new Arrival(source(app), dedupeKey, eventType, "application/json", Map.of(),
                new WebhookRequest(Map.of(), payload), traceId);
        return appender.append(arrival, planned);
    }

    /**
     * A test event to one endpoint of the application, whatever its filter, channels or disabled flag say: the
     * customer asked for it. It is a message of the application like any other, listed, signed, retried and replayable.
     */
    public Appended publishTest(App app, Endpoint endpoint, byte[] payload, String traceId) {
        if (!endpoint.appId().equals(app.id())) throw new IllegalArgumentException(endpoint.id() + " is not an endpoint of " + app.id());
        Arrival arrival = new Arrival(source(app), ids.next("evt"), TEST_EVENT_TYPE, "application/json", Map.of(),
                new WebhookRequest(Map.of(), payload), traceId);
        return appender.append(arrival, List.of(PlannedDelivery.unordered(endpoint.id())));
    }

    /** Enabled, its filter takes the type (no filter: every type), and its channels meet the message's (none: all). */
    static boolean takes(Endpoint e, String eventType, List<String> channels) {
        if (e.disabled()) return false;
        if (e.filterTypes() != null && !e.filterTypes().isEmpty() && !EventTypeGlob.anyMatches(EventTypeGlob.all(e.filterTypes()), eventType)) {
            return false;
        }
        if (e.channels() == null || e.channels().isEmpty()) return true;
        for (String c : channels) if (e.channels().contains(c)) return true;
        return false;
    }
}
