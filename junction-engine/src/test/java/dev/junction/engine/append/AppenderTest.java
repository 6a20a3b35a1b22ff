package dev.junction.engine.append;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.RouteSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.engine.route.Router;
import dev.junction.store.DeliveryView;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one door into the log, on a real SQLite store: what every way in gets without writing it again. */
class AppenderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private JdbcStore store;
    private Appender appender;
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        Router router = new Router(List.of(
                new RouteSpec("crm", List.of("billing"), new RouteSpec.Ordering(null, "/customer", false),
                        new RouteSpec.When(List.of("invoice.*"))),
                new RouteSpec("crm", List.of("audit"))));
        appender = new Appender(store, router, CLOCK, new Ids(CLOCK, new Random(1)), Appender.Handoff.NONE);
        appender.metrics(metrics);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Arrival arrival(String key, String type) {
        byte[] body = ("{\"id\":\"" + key + "\",\"customer\":\"cus_1\"}").getBytes(StandardCharsets.UTF_8);
        return new Arrival("crm", key, type, "application/json", Map.of("x-source", "poll"),
                WebhookRequest.of(Map.of(), body), null);
    }

    private double unrouted() {
        var counter = metrics.registry().find("junction.messages.unrouted").tag("source", "crm").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anArrivalIsStoredWithADeliveryPerRouteThatTakesItsTypeAndItsOrderingKey() {
        Appended appended = appender.append(arrival("evt_1", "invoice.paid"));

        assertThat(appended).isInstanceOf(Appended.Stored.class);
        String id = ((Appended.Stored) appended).messageId();
        assertThat(((Appended.Stored) appended).deliveries()).isEqualTo(2);
        assertThat(store.message(id).orElseThrow().eventType()).isEqualTo("invoice.paid");
        assertThat(store.message(id).orElseThrow().headers()).containsEntry("x-source", "poll");
        assertThat(store.deliveriesOf(id)).extracting(DeliveryView::destination).containsExactly("audit", "billing");
    }

    @Test
    void theSameKeyAgainIsADuplicateOfTheFirstAndStoresNothing() {
        String first = ((Appended.Stored) appender.append(arrival("evt_1", "invoice.paid"))).messageId();

        assertThat(appender.append(arrival("evt_1", "invoice.paid"))).isEqualTo(new Appended.Duplicate(first));
        assertThat(store.stats().messages()).isEqualTo(1);
    }

    @Test
    void anEventNoRouteTakesIsStoredWithoutDeliveriesAndCounted() {
        Router none = new Router(List.of(new RouteSpec("crm", List.of("billing"), null, new RouteSpec.When(List.of("invoice.*")))));
        Appender filtered = new Appender(store, none, CLOCK, new Ids(CLOCK, new Random(2)), Appender.Handoff.NONE);
        filtered.metrics(metrics);

        Appended appended = filtered.append(arrival("evt_2", "customer.created"));

        assertThat(appended).isInstanceOfSatisfying(Appended.Stored.class, s -> assertThat(s.deliveries()).isZero());
        assertThat(store.message(((Appended.Stored) appended).messageId())).isPresent();
        assertThat(unrouted()).isEqualTo(1);
    }

    @Test
    void overTheBacklogLimitNothingIsStored() {
        appender.limitBacklog(100, () -> 101);

        assertThat(appender.append(arrival("evt_1", "invoice.paid"))).isEqualTo(new Appended.Overloaded(101));
        assertThat(store.stats().messages()).isZero();

        appender.limitBacklog(100, () -> 100);
        assertThat(appender.append(arrival("evt_1", "invoice.paid"))).isInstanceOf(Appended.Stored.class);
    }
}
