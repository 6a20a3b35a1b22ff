package dev.junction.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.engine.ingest.RequestOutcome;
import dev.junction.store.AdminReads;
import dev.junction.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    private Counter ingest(String source, String outcome) {
        return registry.find("junction.ingest.requests").tag("source", source).tag("outcome", outcome).counter();
    }

    @Test
    void declaringRegistersEachSourceWithEachOutcomeAtZeroAndUnknownNamesInOneBucket() {
        metrics.declare(List.of("stripe", "github"), List.of());

        for (String source : List.of("stripe", "github")) {
            for (RequestOutcome outcome : RequestOutcome.ofKnownSource()) {
                assertThat(ingest(source, outcome.label())).as(source + " " + outcome.label()).isNotNull()
                        .extracting(Counter::count).isEqualTo(0.0);
            }
            assertThat(ingest(source, "unknown-source")).isNull();
        }
        assertThat(ingest("_unknown", "unknown-source")).isNotNull();
        assertThat(registry.find("junction.ingest.requests").tag("source", "_unknown").counters()).hasSize(1);
        assertThat(ingest("stripe", "malformed-not-json")).as("a malformed payload, by reason").isNotNull();
        assertThat(registry.find("junction.ingest.latency").timers()).hasSize(3);
        assertThat(registry.find("junction.messages.unrouted").counters()).as("events no route took, per source")
                .extracting(c -> c.getId().getTag("source"), Counter::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("stripe", 0.0), org.assertj.core.groups.Tuple.tuple("github", 0.0));
    }

    @Test
    void recordingCountsOnTheDeclaredSeriesInsteadOfAddingOnes() {
        metrics.declare(List.of("stripe"), List.of("billing"));
        int declared = registry.getMeters().size();

        metrics.ingested("stripe", RequestOutcome.BAD_SIGNATURE, Duration.ofMillis(3));
        metrics.attempted("billing", OutcomeClass.RETRYABLE, 503, Duration.ofMillis(20));
        metrics.attempted("billing", OutcomeClass.RETRYABLE, null, Duration.ofMillis(20));
        metrics.attempted("billing", OutcomeClass.SUCCESS, 204, Duration.ofMillis(20));
        metrics.breakerTransition("billing", "HALF_OPEN");
        metrics.unrouted("stripe");

        assertThat(registry.getMeters()).hasSize(declared);
        assertThat(ingest("stripe", "bad-signature").count()).isEqualTo(1.0);
        assertThat(registry.find("junction.delivery.attempts").tag("outcome", "retryable").tag("status", "5xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.find("junction.delivery.attempts").tag("outcome", "retryable").tag("status", "none").counter().count()).isEqualTo(1.0);
        assertThat(registry.find("junction.delivery.attempts").tag("outcome", "success").tag("status", "2xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.find("junction.breaker.transitions").tag("to", "half_open").counter().count()).isEqualTo(1.0);
        assertThat(registry.find("junction.messages.unrouted").tag("source", "stripe").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aStoreThatDoesNotAnswerIsAskedOncePerReadNotOncePerGaugeAndItsGaugesReadNaN() {
        AtomicInteger asked = new AtomicInteger();
        // Each read of an unreachable PostgreSQL waits out the pool's connection timeout (30 s) before it fails.
        AdminReads unreachable = (AdminReads) Proxy.newProxyInstance(AdminReads.class.getClassLoader(), new Class<?>[] {AdminReads.class},
                (proxy, method, args) -> {
                    asked.incrementAndGet();
                    throw new StoreException("store failed to read stats: no connection available", null);
                });
        metrics.watch(unreachable, () -> Map.of("billing", "CLOSED", "crm", "CLOSED"), Clock.systemUTC());

        List<Gauge> fromStore = new ArrayList<>(registry.find("junction.deliveries").gauges());
        fromStore.addAll(registry.find("junction.destination.deliveries").gauges());
        fromStore.addAll(registry.find("junction.destination.oldest.due").gauges());
        assertThat(fromStore).hasSize(4 + 2 * 5);
        assertThat(fromStore).extracting(Gauge::value).as("no figure while the store does not answer").allMatch(v -> Double.isNaN(v));
        assertThat(asked).as("one scrape asks the store once per read (stats, backlog), not once per gauge").hasValue(2);
        assertThat(registry.find("junction.breaker.state").tag("destination", "billing").gauge().value()).isEqualTo(0.0);
    }
}
