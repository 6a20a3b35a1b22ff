package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.DeliveryState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The event type of a message: stored with it, read back on every path, searched by exact type or pattern,
 * and the messages no route took counted. Part of {@link StoreContract}, so it runs on every engine.
 */
interface EventTypeContract {

    Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    AtomicInteger IDS = new AtomicInteger();

    /** The store under test. */
    Store store();

    private static String id(String prefix) {
        return prefix + "_t" + String.format("%08d", IDS.incrementAndGet());
    }

    private String ingest(String source, String type, Instant at, List<PlannedDelivery> deliveries) {
        NewMessage m = new NewMessage(id("msg"), source, id("evt"), at, "application/json", Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8), null, type);
        return store().append(m, deliveries, () -> id("dlv")).messageId();
    }

    private String ingest(String type, String... destinations) {
        return ingest("stripe", type, AT, List.of(destinations).stream().map(PlannedDelivery::unordered).toList());
    }

    private List<String> search(String type) {
        return store().messages(MessageFilter.ALL.eventType(type), PageRequest.newestFirst(null, 50)).stream().map(MessageSummary::id).toList();
    }

    @Test
    default void theTypeIsStoredWithTheMessageAndReadBackOnEveryPath() {
        String typed = ingest("payment_intent.succeeded", "billing");
        String untyped = ingest(null, "billing");
        NewMessage leased = new NewMessage(id("msg"), "stripe", id("evt"), AT, "application/json", Map.of(), new byte[] {'{', '}'},
                null, "charge.refunded");
        ClaimedDelivery atIngest = store().append(leased, List.of(PlannedDelivery.unordered("crm")
                .withLease(new PlannedDelivery.Lease("node-a", AT.plusSeconds(60)))), () -> id("dlv")).leased().get(0);

        assertThat(store().message(typed).orElseThrow().eventType()).isEqualTo("payment_intent.succeeded");
        assertThat(store().message(untyped).orElseThrow().eventType()).as("none named: null").isNull();
        assertThat(atIngest.message().eventType()).as("leased at ingest").isEqualTo("charge.refunded");
        assertThat(TestQueue.claimDue(store(), "w", AT, Duration.ofSeconds(60), 10)).extracting(d -> d.message().id(), d -> d.message().eventType())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(typed, "payment_intent.succeeded"),
                        org.assertj.core.groups.Tuple.tuple(untyped, null));
        assertThat(store().messages(MessageFilter.ALL, PageRequest.newestFirst(null, 10))).extracting(MessageSummary::id, MessageSummary::eventType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(leased.id(), "charge.refunded"),
                        org.assertj.core.groups.Tuple.tuple(untyped, null), org.assertj.core.groups.Tuple.tuple(typed, "payment_intent.succeeded"));
    }

    @Test
    default void messagesAreFoundByExactTypeOrByPatternCaseIncluded() {
        String succeeded = ingest("payment_intent.succeeded", "billing");
        String created = ingest("payment_intent.created", "billing");
        String dispute = ingest("charge.dispute.created", "billing");
        ingest(null, "billing");

        assertThat(search("payment_intent.succeeded")).containsExactly(succeeded);
        assertThat(search("payment_intent.*")).containsExactly(created, succeeded);
        assertThat(search("*.created")).containsExactly(dispute, created);
        assertThat(search("charge.*")).as("* spans dots").containsExactly(dispute);
        assertThat(search("*")).as("every message that has a type").containsExactly(dispute, created, succeeded);
        assertThat(search("Payment_Intent.*")).as("case counts").isEmpty();
        assertThat(search("payment_intent")).as("exact means exact").isEmpty();
        assertThat(store().messages(MessageFilter.ALL.source("github").eventType("payment_intent.*"), PageRequest.newestFirst(null, 10)))
                .as("with other filters").isEmpty();
    }

    @Test
    default void theDatabasesOwnWildcardsInAPatternAreOnlyThemselves() {
        String underscore = ingest("order_paid", "billing");
        ingest("orderXpaid", "billing");
        String percent = ingest("100%.done", "billing");
        ingest("100x.done", "billing");
        String question = ingest("what?.now", "billing");
        ingest("whatX.now", "billing");
        String bracket = ingest("[a].b", "billing");
        ingest("a.b", "billing");
        String backslash = ingest("a\\b.c", "billing");

        assertThat(search("order_*")).containsExactly(underscore);
        assertThat(search("100%*")).containsExactly(percent);
        assertThat(search("what?*")).containsExactly(question);
        assertThat(search("[a]*")).containsExactly(bracket);
        assertThat(search("a\\b*")).containsExactly(backslash);
    }

    @Test
    default void activityCountsTheMessagesNoRouteTookPerSource() {
        ingest("payment_intent.succeeded", "billing");
        ingest("customer.created");
        ingest("customer.updated");
        ingest("github", "push", AT, List.of());
        ingest("github", "ping", AT.minusSeconds(3600), List.of());

        Activity activity = store().activity(AT.minusSeconds(60));
        assertThat(activity.received()).containsExactlyInAnyOrderEntriesOf(Map.of("stripe", 3L, "github", 1L));
        assertThat(activity.unrouted()).containsExactlyInAnyOrderEntriesOf(Map.of("stripe", 2L, "github", 1L));
        assertThat(store().messages(MessageFilter.ALL.eventType("customer.created"), PageRequest.newestFirst(null, 10)).get(0).deliveries())
                .as("stored without deliveries").isEmpty();
        assertThat(store().stats().deliveries(DeliveryState.PENDING)).isEqualTo(1);
    }
}
