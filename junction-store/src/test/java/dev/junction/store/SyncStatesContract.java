package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.SyncStates.SyncCommit;
import dev.junction.store.SyncStates.SyncLink;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.SyncStates.SyncReview;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two-way syncs' state: a step's state, learned ids, review items and writes commit together or not at all; a step
 * over a moved version lands nothing; creates of unknown outcome are marked until their id is recorded. Part of
 * {@link StoreContract}, so it runs on every engine.
 */
interface SyncStatesContract {

    Instant AT = Instant.parse("2026-11-30T20:00:00Z");
    AtomicInteger SYNC_SEQUENCE = new AtomicInteger();

    Store store();

    private static String syncId(String prefix) {
        return prefix + "_" + String.format("%010d", SYNC_SEQUENCE.incrementAndGet());
    }

    private static NewEntry write(String dedupeKey, String destination, String key) {
        NewMessage m = new NewMessage(syncId("msg"), "sync:contacts", dedupeKey, AT, "application/json", Map.of(),
                "{\"fields\":{}}".getBytes(StandardCharsets.UTF_8), null, "sync.write");
        return new NewEntry(m, List.of(new PlannedDelivery(destination, key, false)));
    }

    private static SyncCommit commit(String key, long expected, String state, Map<String, String> learned, List<SyncReview> reviews) {
        return new SyncCommit("contacts", key, expected, state, learned, reviews, AT);
    }

    @Test
    default void aStepsStateLinksReviewsAndWritesCommitTogether() {
        SyncReview review = new SyncReview(syncId("rev"), "contacts", "ann@example.com", "/email", "\"ann@example.com\"", "\"ann@other.example\"",
                "crm-b", AT, null, null);
        boolean committed = store().commitSync(commit("ann@example.com", 0, "{\"v\":1}", Map.of("crm-a", "a-1"), List.of(review)),
                List.of(write("m1/crm-b", "b-api", "ann@example.com"), write("m1/crm-c", "c-api", "ann@example.com")), () -> syncId("dlv"));

        assertThat(committed).isTrue();
        SyncRecordRow row = store().syncRecord("contacts", "ann@example.com").orElseThrow();
        assertThat(row.version()).isEqualTo(1);
        assertThat(row.state()).isEqualTo("{\"v\":1}");
        assertThat(row.links()).containsExactly(Map.entry("crm-a", new SyncLink("a-1", false)));
        assertThat(store().syncKeyOf("contacts", "crm-a", "a-1")).contains("ann@example.com");
        assertThat(store().syncKeyOf("contacts", "crm-b", "a-1")).isEmpty();
        assertThat(store().syncReviews("contacts", true, 10)).containsExactly(review);
        assertThat(store().deliveries(DeliveryFilter.ALL.destination("b-api"), PageRequest.oldestFirst(null, 10)))
                .singleElement().satisfies(d -> assertThat(d.source()).isEqualTo("sync:contacts"));
        assertThat(store().deliveries(DeliveryFilter.ALL.destination("c-api"), PageRequest.oldestFirst(null, 10))).hasSize(1);
    }

    @Test
    default void aKeyIsFoundIgnoringCaseItsOwnCaseFirst() {
        String sync = syncId("cased");
        store().commitSync(new SyncCommit(sync, "Ann@Example.com", 0, "{}", Map.of(), List.of(), AT), List.of(), () -> syncId("dlv"));

        assertThat(store().syncKeyIgnoringCase(sync, "ann@example.COM")).contains("Ann@Example.com");
        assertThat(store().syncKeyIgnoringCase(sync, "bo@example.com")).isEmpty();
        assertThat(store().syncKeyIgnoringCase(syncId("other"), "ann@example.com")).as("per sync").isEmpty();
        store().commitSync(new SyncCommit(sync, "ann@example.com", 0, "{}", Map.of(), List.of(), AT), List.of(), () -> syncId("dlv"));
        assertThat(store().syncKeyIgnoringCase(sync, "ann@example.com")).as("an exact match first").contains("ann@example.com");
        assertThat(store().syncKeyIgnoringCase(sync, "ANN@EXAMPLE.COM")).as("else the first in order").contains("Ann@Example.com");
    }

    @Test
    default void aRecordIsForgottenWholeAndOnlyAtItsVersion() {
        String sync = syncId("forget");
        SyncReview review = new SyncReview(syncId("rev"), sync, "Ed@Example.com", "/phone", "\"1\"", "\"2\"", "crm-b", AT, null, null);
        store().commitSync(new SyncCommit(sync, "Ed@Example.com", 0, "{}", Map.of("crm-a", syncId("a")), List.of(review), AT), List.of(),
                () -> syncId("dlv"));

        assertThat(store().forgetSyncRecord(sync, "Ed@Example.com", 0)).as("its version moved to 1").isFalse();
        assertThat(store().syncRecord(sync, "Ed@Example.com")).isPresent();
        assertThat(store().forgetSyncRecord(sync, "Ed@Example.com", 1)).isTrue();

        assertThat(store().syncRecord(sync, "Ed@Example.com")).isEmpty();
        assertThat(store().syncKeyIgnoringCase(sync, "ed@example.com")).isEmpty();
        assertThat(store().syncReviews(sync, true, 10)).isEmpty();
        assertThat(store().forgetSyncRecord(sync, "Ed@Example.com", 1)).as("gone already").isFalse();
    }

    @Test
    default void aStepOverAMovedVersionLandsNothing() {
        assertThat(store().commitSync(commit("bo@example.com", 0, "{\"v\":1}", Map.of(), List.of()), List.of(), () -> syncId("dlv"))).isTrue();
        assertThat(store().commitSync(commit("bo@example.com", 1, "{\"v\":2}", Map.of(), List.of()), List.of(), () -> syncId("dlv"))).isTrue();

        // Both read version 1 (or both thought the record new): the second lands nothing, not its state, links or writes.
        boolean stale = store().commitSync(commit("bo@example.com", 1, "{\"v\":\"lost\"}", Map.of("crm-b", "b-9"), List.of()),
                List.of(write("m9/crm-c", "c9-api", "bo@example.com")), () -> syncId("dlv"));
        boolean secondNew = store().commitSync(commit("bo@example.com", 0, "{\"v\":\"lost\"}", Map.of(), List.of()), List.of(), () -> syncId("dlv"));

        assertThat(stale).isFalse();
        assertThat(secondNew).isFalse();
        SyncRecordRow row = store().syncRecord("contacts", "bo@example.com").orElseThrow();
        assertThat(row.version()).isEqualTo(2);
        assertThat(row.state()).isEqualTo("{\"v\":2}");
        assertThat(row.links()).isEmpty();
        assertThat(store().deliveries(DeliveryFilter.ALL.destination("c9-api"), PageRequest.oldestFirst(null, 10))).isEmpty();
    }

    @Test
    default void concurrentStepsFromOneVersionCommitExactlyOnce() throws Exception {
        store().commitSync(commit("cy@example.com", 0, "{}", Map.of(), List.of()), List.of(), () -> syncId("dlv"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> steps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String state = "{\"by\":" + i + "}";
                steps.add(() -> store().commitSync(commit("cy@example.com", 1, state, Map.of(), List.of()), List.of(), () -> syncId("dlv")));
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(steps)) if (f.get()) won++;
            assertThat(won).isEqualTo(1);
            assertThat(store().syncRecord("contacts", "cy@example.com").orElseThrow().version()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void aCreateIsMarkedUnknownUntilItsIdIsRecorded() {
        store().commitSync(commit("di@example.com", 0, "{}", Map.of("crm-a", "a-7"), List.of()), List.of(), () -> syncId("dlv"));

        assertThat(store().markSyncCreate("contacts", "di@example.com", "crm-b")).isTrue();
        assertThat(store().syncRecord("contacts", "di@example.com").orElseThrow().links())
                .containsEntry("crm-b", new SyncLink(null, true));
        // A system that has an id for the record is never marked: its writes are updates.
        assertThat(store().markSyncCreate("contacts", "di@example.com", "crm-a")).isFalse();

        store().linkSyncRecord("contacts", "di@example.com", "crm-b", "b-42");

        assertThat(store().syncRecord("contacts", "di@example.com").orElseThrow().links())
                .containsEntry("crm-a", new SyncLink("a-7", false)).containsEntry("crm-b", new SyncLink("b-42", false));
        assertThat(store().syncKeyOf("contacts", "crm-b", "b-42")).contains("di@example.com");
        assertThat(store().markSyncCreate("contacts", "di@example.com", "crm-b")).isFalse();
    }

    @Test
    default void reviewsListOpenOnesOldestFirst() {
        SyncReview later = new SyncReview(syncId("rev"), "people", "k1", "/phone", "\"1\"", "\"2\"", "crm-a", AT.plusSeconds(5), null, null);
        SyncReview earlier = new SyncReview(syncId("rev"), "people", "k2", "/phone", "\"3\"", "\"4\"", "crm-b", AT, null, null);
        SyncReview decided = new SyncReview(syncId("rev"), "people", "k3", "/phone", "\"5\"", "\"6\"", "crm-b", AT.minusSeconds(5),
                AT, "agreed");
        store().commitSync(new SyncCommit("people", "k1", 0, "{}", Map.of(), List.of(later, earlier, decided), AT), List.of(), () -> syncId("dlv"));

        assertThat(store().syncReviews("people", true, 10)).containsExactly(earlier, later);
        assertThat(store().syncReviews("people", false, 10)).containsExactly(decided, earlier, later);
        assertThat(store().syncReviews("contacts-none", true, 10)).isEmpty();
    }

    @Test
    default void aDecisionCommitsTheStateTheItemsAndTheWritesTogetherOnce() {
        String sync = "deciding-" + SYNC_SEQUENCE.incrementAndGet();
        SyncReview first = new SyncReview(syncId("rev"), sync, "ann", "/company", "\"Initech\"", "\"Globex\"", "crm-b", AT, null, null,
                "crm-a", null, null);
        SyncReview second = new SyncReview(syncId("rev"), sync, "ann", "/company", "\"Initech\"", "\"Hooli\"", "crm-c", AT, null, null,
                "crm-a", null, null);
        SyncReview other = new SyncReview(syncId("rev"), sync, "ann", "/phone", "\"1\"", "\"2\"", "crm-c", AT, null, null, "crm-a", null, null);
        store().commitSync(new SyncCommit(sync, "ann", 0, "{\"v\":1}", Map.of(), List.of(first, second, other), AT), List.of(), () -> syncId("dlv"));
        assertThat(store().syncCounts(sync)).isEqualTo(new SyncStates.SyncCounts(1, 3));
        assertThat(store().syncReview(sync, first.id())).contains(first);

        // A step moved the record meanwhile: nothing lands, the item stays open.
        store().commitSync(new SyncCommit(sync, "ann", 1, "{\"v\":2}", Map.of(), List.of(), AT), List.of(), () -> syncId("dlv"));
        SyncStates.SyncDecision decision = new SyncStates.SyncDecision(first.id(), "/company", "proposed", "\"Globex\"", "ops", AT.plusSeconds(60));
        assertThat(store().decideSync(new SyncCommit(sync, "ann", 1, "{\"v\":\"lost\"}", Map.of(), List.of(), AT), decision,
                List.of(write("rev/" + sync + "/lost", sync + "-lost-api", "ann")), () -> syncId("dlv"))).isEqualTo(SyncStates.Decided.VERSION_MOVED);
        assertThat(store().syncReview(sync, first.id()).orElseThrow().open()).isTrue();
        assertThat(store().deliveries(DeliveryFilter.ALL.destination(sync + "-lost-api"), PageRequest.oldestFirst(null, 10))).isEmpty();

        assertThat(store().decideSync(new SyncCommit(sync, "ann", 2, "{\"v\":3}", Map.of(), List.of(), AT), decision,
                List.of(write("rev/" + sync + "/a", sync + "-a-api", "ann")), () -> syncId("dlv"))).isEqualTo(SyncStates.Decided.DECIDED);

        assertThat(store().syncRecord(sync, "ann").orElseThrow().state()).isEqualTo("{\"v\":3}");
        SyncReview decided = store().syncReview(sync, first.id()).orElseThrow();
        assertThat(decided.decision()).isEqualTo("proposed");
        assertThat(decided.decidedBy()).isEqualTo("ops");
        assertThat(decided.decidedValue()).isEqualTo("\"Globex\"");
        assertThat(decided.decidedAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(decided.agreedSystem()).isEqualTo("crm-a");
        assertThat(store().syncReview(sync, second.id()).orElseThrow().decision()).as("the same field, released once").isEqualTo("superseded");
        assertThat(store().syncReview(sync, other.id()).orElseThrow().open()).as("another field").isTrue();
        assertThat(store().deliveries(DeliveryFilter.ALL.destination(sync + "-a-api"), PageRequest.oldestFirst(null, 10))).hasSize(1);
        assertThat(store().syncCounts(sync)).isEqualTo(new SyncStates.SyncCounts(1, 1));

        // Decided already: nothing more lands.
        assertThat(store().decideSync(new SyncCommit(sync, "ann", 3, "{\"v\":4}", Map.of(), List.of(), AT), decision,
                List.of(write("rev/" + sync + "/again", sync + "-again-api", "ann")), () -> syncId("dlv"))).isEqualTo(SyncStates.Decided.ALREADY_DECIDED);
        assertThat(store().syncRecord(sync, "ann").orElseThrow().version()).isEqualTo(3);
        assertThat(store().deliveries(DeliveryFilter.ALL.destination(sync + "-again-api"), PageRequest.oldestFirst(null, 10))).isEmpty();
    }

    @Test
    default void recordsPageByMatchKeyAndReviewsFilterByStateAndRecord() {
        String sync = "listing-" + SYNC_SEQUENCE.incrementAndGet();
        for (String key : List.of("cy", "ann", "bo")) {
            store().commitSync(new SyncCommit(sync, key, 0, "{}", Map.of("crm-a", sync + key), List.of(), AT), List.of(), () -> syncId("dlv"));
        }
        assertThat(store().syncRecords(sync, PageRequest.oldestFirst(null, 2))).extracting(SyncRecordRow::key).containsExactly("ann", "bo");
        assertThat(store().syncRecords(sync, PageRequest.oldestFirst("bo", 2))).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("cy");
            assertThat(r.links()).containsEntry("crm-a", new SyncLink(sync + "cy", false));
        });
        SyncReview a = new SyncReview(syncId("rev"), sync, "ann", "/x", null, "1", "crm-b", AT, null, null);
        SyncReview b = new SyncReview(syncId("rev"), sync, "bo", "/x", null, "2", "crm-b", AT, AT, "agreed");
        SyncReview c = new SyncReview(syncId("rev"), sync, "ann", "/y", null, "3", "crm-b", AT, null, null);
        store().commitSync(new SyncCommit(sync, "ann", 1, "{}", Map.of(), List.of(a, b, c), AT), List.of(), () -> syncId("dlv"));

        assertThat(store().syncReviews(sync, true, null, PageRequest.oldestFirst(null, 10))).extracting(SyncReview::id).containsExactly(a.id(), c.id());
        assertThat(store().syncReviews(sync, false, null, PageRequest.oldestFirst(null, 10))).extracting(SyncReview::id).containsExactly(b.id());
        assertThat(store().syncReviews(sync, null, "ann", PageRequest.oldestFirst(a.id(), 10))).extracting(SyncReview::id).containsExactly(c.id());
        assertThat(store().syncReview(sync + "-other", a.id())).isEmpty();
    }
}
