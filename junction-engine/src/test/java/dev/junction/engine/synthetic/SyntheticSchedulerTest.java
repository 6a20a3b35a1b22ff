package dev.junction.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.model.Ids;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.verify.Canary;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.append.Appender;
import dev.junction.engine.ingest.IngestResult;
import dev.junction.engine.ingest.Ingestor;
import dev.junction.engine.route.Router;
import dev.junction.store.AttemptRecord;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.MessageFilter;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import dev.junction.store.StoredMessage;
import dev.junction.store.SyntheticResult.Outcome;
import dev.junction.store.SyntheticState;
import dev.junction.store.TestDatabases;
import dev.junction.store.TestQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic probes stepped by hand on a manual clock, on a real SQLite store, their canaries going through a real
 * ingestor (verification, dedupe, routing) and their deliveries completed as a dispatcher would: no sleeping.
 */
class SyntheticSchedulerTest {

    static final Instant T0 = Instant.parse("2026-11-30T22:00:00Z");
    static final String SECRET = "whsec_shop_secret";
    static final Duration EVERY = Duration.ofMinutes(5);
    static final Duration SLA = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Store store;
    Instant now = T0;
    final Clock clock = new Clock() {
        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    };
    final Map<String, SourceSpec> sources = Map.of(
            "shop", new SourceSpec("shop", new VerifySpec("stripe", List.of(SECRET), null, null), DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES),
            "lonely", new SourceSpec("lonely", new VerifySpec("github", List.of("gh"), null, null), DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES));
    final List<String> alerts = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicInteger canaries = new AtomicInteger();
    Ingestor ingestor;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        Appender appender = new Appender(store, new Router(List.of(new RouteSpec("shop", List.of("billing", "crm")))), clock,
                new Ids(clock, new Random(1)), Appender.Handoff.NONE);
        ingestor = new Ingestor(sources, appender, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The door, in process: the ingestor a POST /in/{source} reaches. */
    Door.Answer knock(String source, Canary canary) {
        Map<String, String> headers = new HashMap<>(canary.headers());
        headers.put("Content-Type", Canary.CONTENT_TYPE);
        IngestResult result = ingestor.ingest(source, WebhookRequest.of(headers, canary.body()), Canary.CONTENT_TYPE, null);
        return switch (result) {
            case IngestResult.Accepted a -> new Door.Answer(202, a.messageId(), null);
            case IngestResult.Duplicate d -> new Door.Answer(200, d.messageId(), null);
            default -> new Door.Answer(401, null, null);
        };
    }

    SyntheticScheduler scheduler(String node, SyntheticSpec... probes) {
        Map<String, SyntheticSpec> byName = new java.util.LinkedHashMap<>();
        for (SyntheticSpec p : probes) byName.put(p.name(), p);
        SyntheticScheduler s = new SyntheticScheduler(byName, sources, store, store, this::knock, clock, node,
                new Alerter(clock, Duration.ZERO, alerts::add), () -> "syn_" + canaries.incrementAndGet());
        s.metrics(new SyntheticMetrics(registry, byName.keySet(), store, clock));
        return s;
    }

    static SyntheticSpec probe(String source) {
        return new SyntheticSpec("canary", source, EVERY, SLA, null, null);
    }

    List<StoredMessage> canariesStored() {
        return store.messages(MessageFilter.ALL, PageRequest.oldestFirst(null, 100)).stream()
                .map(m -> store.message(m.id()).orElseThrow()).toList();
    }

    /** Every due delivery of {@code destination} answered as a dispatcher records it, at the current time. */
    void deliver(String destination, Completion completion) {
        for (ClaimedDelivery d : TestQueue.claimDue(store, "worker", now, Duration.ofMinutes(1), 10)) {
            if (d.destination().equals(destination)) {
                boolean ok = completion instanceof Completion.Succeeded;
                store.complete("worker", new AttemptRecord(d.id(), 1, now, Duration.ofMillis(5), ok ? OutcomeClass.SUCCESS : OutcomeClass.PERMANENT,
                        ok ? 200 : 410, null, null), completion, now);
            } else {
                store.release("worker", d.id(), now, now);
            }
        }
    }

    double failures(String reason) {
        return registry.get("junction.synthetic.failures").tag("synthetic", "canary").tag("reason", reason).counter().count();
    }

    @Test
    void aCanaryDeliveredEverywhereWithinItsSlaRecordsItsEndToEndAndNothingIsSentBeforeTheNextRun() {
        SyntheticScheduler scheduler = scheduler("node-a", probe("shop"));
        scheduler.step();
        assertThat(canariesStored()).hasSize(1);
        StoredMessage canary = canariesStored().getFirst();
        assertThat(canary.dedupeKey()).isEqualTo("syn_1");
        assertThat(canary.headers()).containsEntry("Junction-Synthetic", "canary");
        assertThat(new String(canary.body())).contains("\"junction_synthetic\":{\"probe\":\"canary\",\"id\":\"syn_1\"");
        assertThat(store.deliveriesOf(canary.id())).hasSize(2);

        now = T0.plusSeconds(2);
        deliver("billing", new Completion.Succeeded());
        assertThat(scheduler.step()).as("crm still due: looked at again a second later").isEqualTo(now.plusSeconds(1));
        now = T0.plusSeconds(4);
        deliver("crm", new Completion.Succeeded());
        now = T0.plusSeconds(5);
        assertThat(scheduler.step()).as("judged; the next run is due an interval after the first").isEqualTo(T0.plus(EVERY));

        SyntheticState state = store.syntheticState("canary").orElseThrow();
        assertThat(state.last().outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(state.last().e2e()).as("from the send to the last destination's 2xx").isEqualTo(Duration.ofSeconds(4));
        assertThat(state.lastSuccess()).isEqualTo(now);
        var e2e = registry.get("junction.synthetic.e2e").tag("synthetic", "canary").timer();
        assertThat(e2e.count()).isEqualTo(1);
        assertThat(e2e.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(4000);
        assertThat(registry.get("junction.synthetic.last.success.timestamp").gauge().value()).isEqualTo(now.getEpochSecond());
        assertThat(alerts).isEmpty();

        now = T0.plus(Duration.ofMinutes(4));
        scheduler.step();
        assertThat(canariesStored()).as("not due yet").hasSize(1);
        now = T0.plus(EVERY);
        scheduler.step();
        assertThat(canariesStored()).hasSize(2);
        assertThat(canariesStored().get(1).dedupeKey()).as("a new event, not a duplicate").isEqualTo("syn_2");
    }

    @Test
    void aCanaryStillOnItsWayWhenItsSlaPassesIsLateCountedAndAlerted() {
        SyntheticScheduler scheduler = scheduler("node-a", probe("shop"));
        assertThat(failures("late")).as("declared at 0").isZero();
        scheduler.step();
        now = T0.plusSeconds(10);
        deliver("billing", new Completion.Succeeded());
        now = T0.plusSeconds(29);
        scheduler.step();
        assertThat(store.syntheticState("canary").orElseThrow().inFlight()).as("within its SLA: still waiting").isTrue();

        now = T0.plus(SLA);
        scheduler.step();
        SyntheticState state = store.syntheticState("canary").orElseThrow();
        assertThat(state.last().outcome()).isEqualTo(Outcome.LATE);
        assertThat(state.last().detail()).isEqualTo("not delivered to crm within its SLA");
        assertThat(failures("late")).isEqualTo(1);
        assertThat(registry.get("junction.synthetic.e2e").timer().count()).as("it did not arrive: no e2e").isZero();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getFirst()).contains("\"kind\":\"SYNTHETIC_LATE\"").contains("\"destination\":\"crm\"")
                .contains("synthetic canary (source shop): late: not delivered to crm within its SLA");
    }

    @Test
    void aDeadDeliveryFailsTheCanaryAtOnce() {
        SyntheticScheduler scheduler = scheduler("node-a", probe("shop"));
        scheduler.step();
        now = T0.plusSeconds(1);
        deliver("crm", new Completion.Dead("410 Gone"));
        scheduler.step();
        assertThat(store.syntheticState("canary").orElseThrow().last().outcome()).isEqualTo(Outcome.DEAD);
        assertThat(failures("dead")).isEqualTo(1);
        assertThat(alerts.getFirst()).contains("SYNTHETIC_FAILED").contains("its delivery to crm died");
    }

    @Test
    void aCanaryTheDoorRefusesIsRejectedAndOneNoRouteTakesIsUnrouted() {
        Map<String, SourceSpec> wrongSecret = new HashMap<>(sources);
        wrongSecret.put("shop", new SourceSpec("shop", new VerifySpec("stripe", List.of("whsec_not_the_doors"), null, null), DedupeSpec.DEFAULT,
                SourceSpec.DEFAULT_MAX_BODY_BYTES));
        SyntheticScheduler refused = new SyntheticScheduler(Map.of("canary", probe("shop")), wrongSecret, store, store, this::knock, clock, "node-a",
                new Alerter(clock, Duration.ZERO, alerts::add), () -> "syn_x");
        refused.metrics(new SyntheticMetrics(registry, List.of("canary"), store, clock));
        refused.step();
        assertThat(store.syntheticState("canary").orElseThrow().last().outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(store.syntheticState("canary").orElseThrow().last().detail()).isEqualTo("the door answered 401");
        assertThat(failures("rejected")).isEqualTo(1);

        SyntheticScheduler lonely = scheduler("node-a", new SyntheticSpec("alone", "lonely", EVERY, SLA, null, "push"));
        lonely.step();
        assertThat(store.syntheticState("alone").orElseThrow().last().outcome()).isEqualTo(Outcome.UNROUTED);
        assertThat(alerts).hasSize(2);
    }

    @Test
    void aRestartedNodeNeitherSendsAgainBeforeTheNextRunNorLosesTheCanaryInFlight() {
        SyntheticScheduler first = scheduler("node-a", probe("shop"));
        first.step();
        first.close(); // stops with its canary in flight

        now = T0.plusSeconds(3);
        deliver("billing", new Completion.Succeeded());
        deliver("crm", new Completion.Succeeded());
        now = T0.plusSeconds(10);
        SyntheticScheduler restarted = scheduler("node-a-restarted", probe("shop"));
        restarted.step();
        assertThat(canariesStored()).as("no second canary at start-up").hasSize(1);
        SyntheticState state = store.syntheticState("canary").orElseThrow();
        assertThat(state.last().outcome()).as("the canary in flight judged by the restarted node").isEqualTo(Outcome.DELIVERED);
        assertThat(state.last().e2e()).isEqualTo(Duration.ofSeconds(3));

        now = T0.plus(EVERY).minusSeconds(1);
        restarted.step();
        assertThat(canariesStored()).hasSize(1);
        now = T0.plus(EVERY);
        restarted.step();
        assertThat(canariesStored()).hasSize(2);
    }

    @Test
    void twoNodesOnOneStoreSendEachRunOnce() {
        SyntheticScheduler a = scheduler("node-a", probe("shop"));
        SyntheticScheduler b = scheduler("node-b", probe("shop"));
        for (int run = 0; run < 3; run++) {
            Instant start = T0.plus(EVERY.multipliedBy(run));
            for (int second = 0; second <= 40; second += 5) {
                now = start.plusSeconds(second);
                if (second == 5) {
                    deliver("billing", new Completion.Succeeded());
                    deliver("crm", new Completion.Succeeded());
                }
                (second % 10 == 0 ? a : b).step();
                (second % 10 == 0 ? b : a).step();
            }
        }
        assertThat(canariesStored()).hasSize(3);
        SyntheticState state = store.syntheticState("canary").orElseThrow();
        assertThat(state.runs()).isEqualTo(3);
        assertThat(state.failures()).isZero();
    }
}
