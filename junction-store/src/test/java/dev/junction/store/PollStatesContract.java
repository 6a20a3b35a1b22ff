package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Polled sources' state: a poll's messages, its next state, its snapshot changes and its record commit together
 * or not at all; a commit over a newer state or without the lease lands nothing; one lease holder at a time.
 * Part of {@link StoreContract}, so it runs on every engine.
 */
interface PollStatesContract {

    Instant AT = Instant.parse("2026-11-30T09:00:00Z");
    Duration LEASE_LENGTH = Duration.ofSeconds(30);
    AtomicInteger SEQUENCE = new AtomicInteger();

    Store store();

    private static String id(String prefix) {
        return prefix + "_" + String.format("%010d", SEQUENCE.incrementAndGet());
    }

    private static NewEntry entry(String source, String dedupeKey, String type, String destination) {
        NewMessage m = new NewMessage(id("msg"), source, dedupeKey, AT, "application/json", Map.of(),
                ("{\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8), null, type);
        return new NewEntry(m, destination == null ? List.of() : List.of(PlannedDelivery.unordered(destination)));
    }

    private static PollRecord record(String source, PollRecord.Outcome outcome, int changes) {
        return new PollRecord(id("poll"), source, "node-a", AT, Duration.ofMillis(120), 200, null, 1, 3, changes, outcome);
    }

    private static PollState next(String source, long generation, String cursor) {
        return new PollState(source, cursor, new PollState.Validators("https://api.example/items", "\"v" + generation + "\"", null, "abc"),
                generation, AT);
    }

    private Optional<List<IngestOutcome>> commit(String source, String owner, long expected, List<SnapshotItem> upserts, List<String> removed,
                                                 List<NewEntry> entries) {
        PollCommit commit = new PollCommit(source, owner, AT, expected, next(source, expected + 1, "c" + (expected + 1)), upserts, removed,
                record(source, entries.isEmpty() ? PollRecord.Outcome.UNCHANGED : PollRecord.Outcome.CHANGED, entries.size()));
        return store().commitPoll(commit, entries, () -> id("dlv"));
    }

    @Test
    default void aSourceNeverPolledHasTheInitialStateAndAnEmptySnapshot() {
        assertThat(store().pollState("crm")).isEqualTo(PollState.initial("crm"));
        assertThat(store().snapshot("crm")).isEmpty();
        assertThat(store().polls("crm", PageRequest.newestFirst(null, 10))).isEmpty();
    }

    @Test
    default void aPollsMessagesStateSnapshotAndRecordCommitTogether() {
        List<NewEntry> entries = List.of(entry("crm", "item.created/1/h1/g1", "item.created", "billing"),
                entry("crm", "item.created/2/h2/g1", "item.created", null));
        Optional<List<IngestOutcome>> outcomes = commit("crm", null, 0,
                List.of(new SnapshotItem("1", "h1", "{\"id\":1}"), new SnapshotItem("2", "h2", "{\"id\":2}")), List.of(), entries);

        assertThat(outcomes).isPresent();
        assertThat(outcomes.get()).extracting(IngestOutcome::duplicate).containsExactly(false, false);
        assertThat(store().deliveriesOf(entries.get(0).message().id())).extracting(DeliveryView::destination).containsExactly("billing");
        assertThat(store().message(entries.get(1).message().id())).isPresent();
        PollState state = store().pollState("crm");
        assertThat(state.generation()).isEqualTo(1);
        assertThat(state.cursor()).isEqualTo("c1");
        assertThat(state.validators().etag()).isEqualTo("\"v1\"");
        assertThat(state.lastSuccessAt()).isEqualTo(AT);
        assertThat(store().snapshot("crm")).containsOnlyKeys("1", "2");
        assertThat(store().snapshot("crm").get("1")).isEqualTo(new SnapshotItem("1", "h1", "{\"id\":1}"));
        List<PollRecord> polls = store().polls("crm", PageRequest.newestFirst(null, 10));
        assertThat(polls).hasSize(1);
        assertThat(polls.get(0).changes()).isEqualTo(2);
        assertThat(polls.get(0).outcome()).isEqualTo(PollRecord.Outcome.CHANGED);
        assertThat(polls.get(0).status()).isEqualTo(200);
        assertThat(polls.get(0).duration()).isEqualTo(Duration.ofMillis(120));

        // The next poll: one changed, one gone.
        assertThat(commit("crm", null, 1, List.of(new SnapshotItem("1", "h1b", "{\"id\":1,\"x\":2}")), List.of("2"),
                List.of(entry("crm", "item.updated/1/h1b/g2", "item.updated", "billing")))).isPresent();
        assertThat(store().snapshot("crm")).containsOnlyKeys("1");
        assertThat(store().snapshot("crm").get("1").hash()).isEqualTo("h1b");
        assertThat(store().pollState("crm").generation()).isEqualTo(2);
    }

    @Test
    default void aChangeThatIsNoPollMovesStateAndSnapshotWithoutARecord() {
        assertThat(commit("rentals", null, 0, List.of(new SnapshotItem("unit/villa-1", "h1", "{\"held\":true}")), List.of(), List.of())).isPresent();

        PollCommit release = new PollCommit("rentals", null, AT, 1, next("rentals", 2, "c1"),
                List.of(new SnapshotItem("unit/villa-1", "h2", "{\"held\":false}")), List.of(), null);

        assertThat(store().commitPoll(release, List.of(), () -> id("dlv"))).isPresent();
        assertThat(store().snapshot("rentals").get("unit/villa-1").hash()).isEqualTo("h2");
        assertThat(store().pollState("rentals").generation()).isEqualTo(2);
        assertThat(store().polls("rentals", PageRequest.newestFirst(null, 10))).hasSize(1);
        assertThat(store().commitPoll(release, List.of(), () -> id("dlv"))).as("a poll committed meanwhile").isEmpty();
    }

    @Test
    default void aCommitFromAnOlderGenerationLandsNothing() {
        assertThat(commit("crm", null, 0, List.of(new SnapshotItem("1", "h1", "{}")), List.of(), List.of())).isPresent();
        NewEntry late = entry("crm", "item.created/9/h9/g1", "item.created", "billing");

        assertThat(commit("crm", null, 0, List.of(new SnapshotItem("9", "h9", "{}")), List.of("1"), List.of(late))).isEmpty();

        assertThat(store().message(late.message().id())).isEmpty();
        assertThat(store().snapshot("crm")).containsOnlyKeys("1");
        assertThat(store().pollState("crm").generation()).isEqualTo(1);
        assertThat(store().polls("crm", PageRequest.newestFirst(null, 10))).hasSize(1);
    }

    @Test
    default void aCommitThatFailsHalfwayLeavesNoMessageNoStateAndNoSnapshotChange() {
        PollRecord reused = record("crm", PollRecord.Outcome.UNCHANGED, 0);
        assertThat(store().commitPoll(new PollCommit("crm", null, AT, 0, next("crm", 1, "c1"), List.of(), List.of(), reused), List.of(),
                () -> id("dlv"))).isPresent();
        NewEntry entry = entry("crm", "item.created/5/h5/g2", "item.created", "billing");

        // The record's id is taken: the last write of the transaction fails, after the messages and the snapshot.
        assertThatThrownBy(() -> store().commitPoll(new PollCommit("crm", null, AT, 1, next("crm", 2, "c2"),
                List.of(new SnapshotItem("5", "h5", "{}")), List.of(), reused), List.of(entry), () -> id("dlv"))).isInstanceOf(StoreException.class);

        assertThat(store().message(entry.message().id())).isEmpty();
        assertThat(store().snapshot("crm")).isEmpty();
        assertThat(store().pollState("crm").generation()).isEqualTo(1);
        assertThat(store().pollState("crm").cursor()).isEqualTo("c1");
    }

    @Test
    default void aRepeatedDedupeKeyStoresNoSecondMessageButTheRestCommits() {
        NewEntry first = entry("crm", "item.created/1/h1/g1", "item.created", "billing");
        assertThat(commit("crm", null, 0, List.of(), List.of(), List.of(first))).isPresent();
        NewEntry again = entry("crm", "item.created/1/h1/g1", "item.created", "billing");

        Optional<List<IngestOutcome>> outcomes = commit("crm", null, 1, List.of(new SnapshotItem("1", "h1", "{}")), List.of(), List.of(again));

        assertThat(outcomes.orElseThrow()).containsExactly(new IngestOutcome(first.message().id(), true));
        assertThat(store().message(again.message().id())).isEmpty();
        assertThat(store().snapshot("crm")).containsOnlyKeys("1");
    }

    @Test
    default void pollRecordsArePrunedOldestFirstInBatchesAndTheStateStays() {
        commit("crm", null, 0, List.of(new SnapshotItem("1", "h1", "{\"id\":1}")), List.of(), List.of());
        for (int i = 1; i <= 4; i++) {
            PollRecord later = new PollRecord(id("poll"), "crm", "node-a", AT.plusSeconds(i), Duration.ofMillis(5), 304, null, 1, 0, 0,
                    PollRecord.Outcome.NOT_MODIFIED);
            store().commitPoll(PollCommit.failed(null, AT, later), List.of(), () -> id("dlv"));
        }

        assertThat(store().prunePollRecords(AT.plusSeconds(3), 2)).isEqualTo(2);
        assertThat(store().prunePollRecords(AT.plusSeconds(3), 2)).as("started at +0 s, +1 s, +2 s: three in all").isEqualTo(1);
        assertThat(store().prunePollRecords(AT.plusSeconds(3), 2)).isZero();

        assertThat(store().polls("crm", PageRequest.newestFirst(null, 10))).extracting(r -> r.startedAt())
                .containsExactly(AT.plusSeconds(4), AT.plusSeconds(3));
        assertThat(store().pollState("crm").generation()).as("the state is not a record").isEqualTo(1);
        assertThat(store().snapshot("crm")).containsOnlyKeys("1");
    }

    @Test
    default void aFailedPollWritesItsRecordOnly() {
        PollRecord failed = new PollRecord(id("poll"), "crm", "node-a", AT, Duration.ofSeconds(2), 503, "HTTP 503", 1, 0, 0,
                PollRecord.Outcome.FAILED, Duration.ofSeconds(120));

        assertThat(store().commitPoll(PollCommit.failed(null, AT, failed), List.of(), () -> id("dlv"))).contains(List.of());

        assertThat(store().pollState("crm")).isEqualTo(PollState.initial("crm"));
        assertThat(store().polls("crm", PageRequest.newestFirst(null, 10))).containsExactly(failed);
        assertThat(store().polls("crm", PageRequest.newestFirst(null, 1)).getFirst().waitUntil()).as("the server's wait, kept")
                .isEqualTo(AT.plusSeconds(122));
    }

    @Test
    default void pollsPageNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PollRecord r = record("crm", PollRecord.Outcome.UNCHANGED, 0);
            ids.add(r.id());
            store().commitPoll(PollCommit.failed(null, AT, r), List.of(), () -> id("dlv"));
        }
        store().commitPoll(PollCommit.failed(null, AT, record("other", PollRecord.Outcome.UNCHANGED, 0)), List.of(), () -> id("dlv"));

        List<PollRecord> first = store().polls("crm", PageRequest.newestFirst(null, 2));
        List<PollRecord> second = store().polls("crm", PageRequest.newestFirst(first.get(1).id(), 10));

        assertThat(first).extracting(PollRecord::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(second).extracting(PollRecord::id).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    }

    @Test
    default void oneHolderOfALeaseAtATimeUntilItPassesOrIsReleased() {
        assertThat(store().acquirePollLease("crm", "a", AT, LEASE_LENGTH)).isTrue();
        assertThat(store().acquirePollLease("crm", "b", AT.plusSeconds(29), LEASE_LENGTH)).isFalse();
        assertThat(store().acquirePollLease("crm", "a", AT.plusSeconds(20), LEASE_LENGTH)).as("renewed").isTrue();
        assertThat(store().pollLease("crm")).contains(Map.entry("a", AT.plusSeconds(50)));
        assertThat(store().acquirePollLease("crm", "b", AT.plusSeconds(49), LEASE_LENGTH)).isFalse();
        assertThat(store().acquirePollLease("other", "b", AT, LEASE_LENGTH)).as("leases are per source").isTrue();

        assertThat(store().acquirePollLease("crm", "b", AT.plusSeconds(50), LEASE_LENGTH)).as("taken over once passed").isTrue();
        assertThat(store().releasePollLease("crm", "a")).isFalse();
        assertThat(store().releasePollLease("crm", "b")).isTrue();
        assertThat(store().acquirePollLease("crm", "c", AT.plusSeconds(51), LEASE_LENGTH)).isTrue();
    }

    @Test
    default void aCommitLandsOnlyWhileItsPollerHoldsTheLease() {
        assertThat(store().acquirePollLease("crm", "a", AT.minusSeconds(10), LEASE_LENGTH)).isTrue();
        NewEntry byB = entry("crm", "item.created/1/h1/g1", "item.created", "billing");
        assertThat(commit("crm", "b", 0, List.of(new SnapshotItem("1", "h1", "{}")), List.of(), List.of(byB))).as("b never held it").isEmpty();
        assertThat(store().message(byB.message().id())).isEmpty();

        NewEntry byA = entry("crm", "item.created/1/h1/g1", "item.created", "billing");
        assertThat(commit("crm", "a", 0, List.of(new SnapshotItem("1", "h1", "{}")), List.of(), List.of(byA))).isPresent();
        assertThat(store().message(byA.message().id())).isPresent();

        // a's lease passes (it hung); b takes over; a's late commit is fenced off.
        assertThat(store().acquirePollLease("crm", "b", AT.plusSeconds(20), LEASE_LENGTH)).isTrue();
        PollCommit late = new PollCommit("crm", "a", AT.plusSeconds(21), 1, next("crm", 2, "late"), List.of(), List.of("1"),
                record("crm", PollRecord.Outcome.CHANGED, 1));
        assertThat(store().commitPoll(late, List.of(entry("crm", "item.deleted/1/h1/g2", "item.deleted", "billing")), () -> id("dlv"))).isEmpty();
        assertThat(store().snapshot("crm")).containsOnlyKeys("1");
        assertThat(store().pollState("crm").cursor()).isEqualTo("c1");
    }

    @Test
    default void ofConcurrentTakersOfAFreeLeaseExactlyOneWins() throws Exception {
        int takers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
            String owner = "node-" + i;
            results.add(pool.submit(() -> {
                start.await();
                return store().acquirePollLease("crm", owner, AT, LEASE_LENGTH);
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> r : results) if (r.get()) won++;
        pool.shutdown();
        assertThat(won).isEqualTo(1);
    }
}
