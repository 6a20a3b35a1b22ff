package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.deliver.DestinationGuardTest.ManualClock;
import dev.junction.store.NewMessage;
import dev.junction.store.Pause;
import dev.junction.store.TestDatabases;
import dev.junction.store.TestQueue;
import dev.junction.store.jdbc.JdbcStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one store with different configs, as during a rolling deploy that adds a destination: the node
 * without it leaves that destination's work to the node that has it, and dead-letters it only when no node has
 * taken it for {@link Lanes#ORPHANED} (the destination was removed everywhere). Driven step by step.
 */
class MixedConfigsTest {

    private static final DispatcherSettings SETTINGS = new DispatcherSettings(8, Duration.ofSeconds(5), Duration.ofMinutes(1));
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final ManualWorkers oldWorkers = new ManualWorkers();
    private final ManualWorkers newWorkers = new ManualWorkers();
    private final RecordingSender oldSender = new RecordingSender();
    private final RecordingSender newSender = new RecordingSender();
    private JdbcStore store;
    private Dispatcher oldNode;
    private Dispatcher newNode;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        oldNode = node("node-old", List.of("crm"), oldSender, oldWorkers);
        newNode = node("node-new", List.of("crm", "ledger"), newSender, newWorkers);
    }

    @AfterEach
    void close() {
        oldNode.close(Duration.ZERO);
        newNode.close(Duration.ZERO);
        store.close();
    }

    private Dispatcher node(String owner, List<String> destinations, RecordingSender sender, ManualWorkers workers) {
        Map<String, DestinationSpec> specs = new LinkedHashMap<>();
        for (String name : destinations) {
            specs.put(name, new DestinationSpec(name, URI.create("http://127.0.0.1:9/" + name), Duration.ofSeconds(5), RETRY, null,
                    Map.of(), new GuardSpec(16, 0, null)));
        }
        Dispatcher d = new Dispatcher(store, specs, sender, clock, new Random(7), SETTINGS, owner, Alerter.logOnly(clock), workers);
        d.openForSteps();
        return d;
    }

    private void queued(String id, String... destinations) {
        clock.advance(Duration.ofMillis(1));
        NewMessage m = new NewMessage(id, "stripe", id, clock.instant(), "application/json", Map.of(),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
        Iterator<String> ids = List.of("dlv_" + id + "_1", "dlv_" + id + "_2").iterator();
        TestQueue.ingest(store, m, List.of(destinations), ids::next);
    }

    @Test
    void theNodeWithoutADestinationLeavesItsWorkToTheNodeThatHasIt() {
        queued("m1", "crm", "ledger");

        assertThat(oldNode.loop().step(false).claimed()).as("the old node takes crm's delivery only").isEqualTo(1);
        oldWorkers.runAll();
        assertThat(oldSender.sent).extracting(d -> d.destination()).containsExactly("crm");

        clock.advance(Duration.ofMinutes(9));
        assertThat(oldNode.loop().step(false).claimed()).as("nine minutes later, still the new node's work").isZero();
        assertThat(newNode.loop().step(false).claimed()).isEqualTo(1);
        newWorkers.runAll();
        assertThat(newSender.sent).extracting(d -> d.destination()).containsExactly("ledger");
        assertThat(store.delivery("dlv_m1_2").orElseThrow().state()).isEqualTo(DeliveryState.SUCCEEDED);
    }

    @Test
    void workNoNodeTakesIsDeadLetteredAfterTheWaitNamingWhy() {
        queued("m1", "ledger");
        newNode.close(Duration.ZERO); // the destination is gone from every running node

        assertThat(oldNode.loop().step(false).claimed()).isZero();
        clock.advance(Lanes.ORPHANED);
        assertThat(oldNode.loop().step(false).claimed()).isEqualTo(1);
        oldWorkers.runAll();

        assertThat(oldSender.sent).as("nothing is sent to a destination the node lacks").isEmpty();
        assertThat(store.delivery("dlv_m1_1").orElseThrow().state()).isEqualTo(DeliveryState.DEAD);
        assertThat(store.attempts("dlv_m1_1")).singleElement().satisfies(a -> assertThat(a.error())
                .isEqualTo("error: destination 'ledger' is not configured (no node that has it took this delivery within 10 minutes)"));
    }

    @Test
    void aPausedDestinationThatWasRemovedIsDeadLetteredByTheNodesWithoutItAndHeldByTheNodeWithIt() {
        queued("m1", "ledger");
        store.pause(Pause.Kind.DESTINATION, "ledger", "maintenance", clock.instant());
        clock.advance(Lanes.ORPHANED.plusMinutes(50));

        assertThat(newNode.loop().step(false).claimed()).as("the node that has ledger honours the pause").isZero();
        assertThat(oldNode.loop().step(false).claimed()).as("the node without ledger takes it, paused or not").isEqualTo(1);
        oldWorkers.runAll();

        assertThat(oldSender.sent).as("nothing is sent to a destination the node lacks").isEmpty();
        assertThat(newSender.sent).isEmpty();
        assertThat(store.delivery("dlv_m1_1").orElseThrow().state()).isEqualTo(DeliveryState.DEAD);
        assertThat(store.attempts("dlv_m1_1")).singleElement().satisfies(a -> assertThat(a.error())
                .isEqualTo("error: destination 'ledger' is not configured (no node that has it took this delivery within 10 minutes)"));
    }

    @Test
    void theWorkOfADestinationTheConfigLacksIsNamedAtStartWithWhatWillHappenToIt() {
        queued("m1", "ledger");
        newNode.close(Duration.ZERO);
        clock.advance(Lanes.ORPHANED);
        oldNode.loop().step(false);
        oldWorkers.runAll(); // m1's delivery is a dead letter now
        queued("m2", "crm", "ledger");

        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RemovedDestinations.class);
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        logger.addAppender(logged);
        try {
            RemovedDestinations.warn(store, java.util.Set.of("crm"), clock.instant());
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).isEqualTo("the store holds 1 waiting and 1 dead deliveries to destination 'ledger', "
                    + "which this config does not have; each waiting one becomes a dead letter 10 minutes after it fell due, unless a "
                    + "node that has 'ledger' sends it first; dead letters replay to 'ledger' once it is configured again, or to "
                    + "another destination with junction dlq replay --destination ledger --to NAME");
        });
        // Paused before its removal: the pause holds nothing here, and would come back with the destination.
        store.pause(dev.junction.store.Pause.Kind.DESTINATION, "ledger", "before its removal", clock.instant());
        assertThat(RemovedDestinations.warn(store, java.util.Set.of("crm"), clock.instant())).singleElement().asString()
                .endsWith("; it is paused in the store: that holds nothing on a node without it, and it comes back paused if it is"
                        + " configured again (junction resume --destination ledger)");
    }

    @Test
    void aSourcePausedInTheStoreThatTheConfigLacksIsNamedAtStart() {
        // Its pause holds the deliveries of its messages wherever they go, and nothing said so.
        store.pause(dev.junction.store.Pause.Kind.SOURCE, "legacy", "paused before it was removed", clock.instant());
        store.pause(dev.junction.store.Pause.Kind.SOURCE, "stripe", "still configured", clock.instant());
        assertThat(RemovedDestinations.warnPausedSources(store, java.util.Set.of("stripe"))).containsExactly(
                "source 'legacy' is paused in the store but this config does not have it: the deliveries of its messages wait until "
                        + "it is resumed (junction resume --source legacy, or POST /api/v1/sources/legacy/resume)");
    }
}
