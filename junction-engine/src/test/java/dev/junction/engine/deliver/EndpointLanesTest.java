package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.deliver.DestinationGuardTest.ManualClock;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.NewMessage;
import dev.junction.store.TestDatabases;
import dev.junction.store.TestQueue;
import dev.junction.store.jdbc.JdbcStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints (destinations that are data) driven step by step: a claim leaves out an endpoint whose breaker
 * is open, found through the endpoints seen blocked rather than a walk over every active one, and a
 * finishing call starts the work of another endpoint that found no free worker, without a claim.
 */
class EndpointLanesTest {

    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
    /** Opens after two calls that both failed, for 30 s. */
    private static final GuardSpec.Breaker BREAKER = new GuardSpec.Breaker(50, 2, 2, Duration.ofSeconds(30), 1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final ManualWorkers workers = new ManualWorkers();
    /** Answers 503 for ep_bad, 200 for every other endpoint. */
    private final List<ClaimedDelivery> sent = new ArrayList<>();
    private JdbcStore store;
    private Dispatcher dispatcher;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
    }

    @AfterEach
    void close() {
        if (dispatcher != null) dispatcher.close(Duration.ZERO);
        store.close();
    }

    private void dispatcher(int workerCount) {
        Sender sender = new Sender() {
            @Override
            public synchronized SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
                sent.add(delivery);
                return delivery.destination().equals("ep_bad") ? SendResult.response(503, null, "down") : SendResult.response(200, null, "ok");
            }

            @Override
            public void close() {}
        };
        java.util.function.Function<String, Optional<DestinationSpec>> endpoints = name -> name.startsWith("ep_")
                ? Optional.of(new DestinationSpec(name, URI.create("https://" + name + ".example/hooks"), Duration.ofSeconds(5), RETRY,
                null, Map.of(), new GuardSpec(8, 0, BREAKER)))
                : Optional.empty();
        dispatcher = new Dispatcher(store, Map.of(), endpoints, sender, clock, new Random(42),
                new DispatcherSettings(workerCount, Duration.ofSeconds(5), Duration.ofMinutes(1)), "node-a", Alerter.logOnly(clock), workers);
        dispatcher.openForSteps();
        dispatcher.outboundInUse();
    }

    private void queued(String id, String endpoint) {
        clock.advance(Duration.ofMillis(1));
        NewMessage message = new NewMessage(id, "outbound-apps", id, clock.instant(), "application/json", Map.of(),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
        TestQueue.ingest(store, message, List.of(endpoint), () -> "dlv_" + id);
    }

    private DeliveryState state(String id) {
        return store.delivery("dlv_" + id).orElseThrow().state();
    }

    @Test
    void anEndpointWhoseBreakerOpenedIsLeftOutOfClaimsUntilItMayTryAgain() {
        dispatcher(8);
        queued("b1", "ep_bad");
        queued("b2", "ep_bad");
        dispatcher.loop().step(false);
        workers.runAll();
        assertThat(sent).as("both failed: the breaker opened").hasSize(2);

        queued("b3", "ep_bad");
        queued("g1", "ep_good");
        clock.advance(Duration.ofSeconds(2)); // the retries of b1 and b2 are due too
        ClaimLoop.Step step = dispatcher.loop().step(false);

        assertThat(step.skipped()).containsExactly("ep_bad");
        assertThat(step.claimed()).as("only the healthy endpoint's work").isEqualTo(1);
        workers.runAll();
        assertThat(state("g1")).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(List.of(state("b1"), state("b2"), state("b3"))).as("waiting unclaimed, no attempt spent")
                .containsOnly(DeliveryState.PENDING);
        assertThat(store.attempts("dlv_b3")).isEmpty();

        clock.advance(BREAKER.openFor());
        ClaimLoop.Step halfOpen = dispatcher.loop().step(false);
        assertThat(halfOpen.skipped()).as("its open time is over: it may be tried").isEmpty();
        assertThat(halfOpen.claimed()).isEqualTo(3);
    }

    @Test
    void aFinishingCallStartsWorkOfAnotherEndpointThatFoundNoFreeWorker() {
        dispatcher(1);
        queued("a1", "ep_a");
        queued("c1", "ep_c");

        assertThat(dispatcher.loop().step(false).claimed()).as("one worker: a1 is sent").isEqualTo(1);
        assertThat(dispatcher.loop().step(false).claimed()).as("c1 waits in its lane, no worker free").isEqualTo(1);
        assertThat(workers.queued()).isEqualTo(1);

        workers.runNext();

        assertThat(workers.queued()).as("the freed worker took c1 at once, with no claim between").isEqualTo(1);
        workers.runNext();
        assertThat(sent).extracting(d -> d.message().id()).containsExactly("a1", "c1");
        assertThat(List.of(state("a1"), state("c1"))).containsOnly(DeliveryState.SUCCEEDED);
    }
}
