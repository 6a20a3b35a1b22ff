package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.PollSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.append.Appender;
import dev.junction.engine.route.Router;
import dev.junction.store.DeliveryView;
import dev.junction.store.IngestOutcome;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.NewEntry;
import dev.junction.store.PageRequest;
import dev.junction.store.PollCommit;
import dev.junction.store.PollRecord;
import dev.junction.store.PollStates;
import dev.junction.store.StoreException;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One poll at a time against a real paginated API on 127.0.0.1 and a real SQLite store, on a manual clock. */
class PollerTest {

    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");
        void advance(Duration d) { now = now.plus(d); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private JdbcStore store;
    private FakeApi api;
    private Appender appender;

    @BeforeEach
    void open() throws Exception {
        store = TestDatabases.sqlite(dir);
        api = new FakeApi();
        appender = new Appender(store, new Router(List.of(new RouteSpec("crm", List.of("billing")))), clock, new Ids(clock, new Random(7)),
                Appender.Handoff.NONE);
    }

    @AfterEach
    void close() {
        api.close();
        store.close();
    }

    private PollSpec spec(String path, String updated) {
        return new PollSpec(api.url(path), Duration.ofMinutes(1), null, null, "/results", "/id", updated, null,
                new PollSpec.Pagination.LinkHeader("next"), 0, Duration.ofSeconds(5));
    }

    private Poller poller(PollSpec spec, PollStates states, String node) {
        return new Poller(Map.of("crm", spec), states, appender, http, clock, new Ids(clock, new Random(node.hashCode())), node, LEASE);
    }

    private PollRecord done(PollResult result) {
        assertThat(result).isInstanceOf(PollResult.Done.class);
        return ((PollResult.Done) result).record();
    }

    private List<MessageSummary> messages() {
        return store.messages(MessageFilter.ALL.source("crm"), PageRequest.oldestFirst(null, 500)).stream()
                .sorted(Comparator.comparing(MessageSummary::id)).toList();
    }

    private JsonNode body(MessageSummary m) throws Exception {
        return JSON.readTree(store.message(m.id()).orElseThrow().body());
    }

    private static String item(int id, String name, String updated) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"updated\":\"" + updated + "\"}";
    }

    @Test
    void theFirstPollEmitsACreationPerItemAcrossPagesRoutedToTheDestinations() throws Exception {
        for (int i = 1; i <= 5; i++) api.put("0" + i, item(i, "n" + i, "2026-11-30T09:0" + i + ":00Z"));
        Poller poller = poller(spec("/items", null), store, "node-a");

        PollRecord record = done(poller.poll("crm"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.CHANGED);
        assertThat(record.pages()).isEqualTo(2);
        assertThat(record.items()).isEqualTo(5);
        assertThat(record.changes()).isEqualTo(5);
        List<MessageSummary> messages = messages();
        assertThat(messages).extracting(MessageSummary::eventType).containsOnly("item.created").hasSize(5);
        assertThat(messages).extracting(MessageSummary::traceId).containsOnly(record.id());
        JsonNode first = body(messages.stream().filter(m -> m.dedupeKey().startsWith("item.created/1/")).findFirst().orElseThrow());
        assertThat(first.get("type").asText()).isEqualTo("item.created");
        assertThat(first.get("key").asText()).isEqualTo("1");
        assertThat(first.get("item").get("name").asText()).isEqualTo("n1");
        assertThat(store.deliveriesOf(messages.get(0).id())).extracting(DeliveryView::destination).containsExactly("billing");
        assertThat(store.snapshot("crm")).hasSize(5);
        assertThat(store.pollState("crm").generation()).isEqualTo(1);
        assertThat(store.polls("crm", PageRequest.newestFirst(null, 10))).containsExactly(record);
    }

    @Test
    void aFullListingThatLostMostItemsAtOnceHasItsDeletionsWithheldUntilAnOperatorTakesThem() throws Exception {
        for (int i = 10; i < 30; i++) api.put(String.valueOf(i), item(i, "n" + i, "t1"));
        api.pageSize = 50;
        Poller poller = poller(spec("/items", null), store, "node-a");
        done(poller.poll("crm"));
        // The API glitches: 17 of the 20 items are missing from an answer of 200, and one is new.
        for (int i = 13; i < 30; i++) api.remove(String.valueOf(i));
        api.put("30", item(30, "n30", "t2"));
        clock.advance(Duration.ofMinutes(1));

        PollResult held = poller.poll("crm");
        clock.advance(Duration.ofMinutes(1));
        PollResult heldAgain = poller.poll("crm");

        // Asked in full again (no validators kept), the same answer is weighed again, now against 21 known items.
        assertThat(done(held).error()).startsWith("withheld 17 deletion(s) of 20 known item(s): more than 50% and more than 10 gone at once;")
                .endsWith("POST /api/v1/sources/crm/poll?take-deletions=true");
        assertThat(done(heldAgain).error()).startsWith("withheld 17 deletion(s) of 21 known item(s)");
        for (PollResult r : List.of(held, heldAgain)) assertThat(((PollResult.Done) r).withheldDeletions()).isEqualTo(17);
        assertThat(messages()).extracting(MessageSummary::eventType).doesNotContain("item.deleted").contains("item.created");
        assertThat(messages()).filteredOn(m -> m.dedupeKey().startsWith("item.created/30/")).hasSize(1);
        assertThat(store.snapshot("crm")).hasSize(21);

        clock.advance(Duration.ofMinutes(1));
        PollResult taken = poller.poll("crm", true);
        assertThat(((PollResult.Done) taken).withheldDeletions()).isZero();
        assertThat(done(taken).error()).isNull();
        assertThat(messages()).filteredOn(m -> "item.deleted".equals(m.eventType())).hasSize(17);
        assertThat(store.snapshot("crm")).hasSize(4);

        // Fewer than the guard's minimum go through on their own.
        api.remove("10").remove("11");
        clock.advance(Duration.ofMinutes(1));
        PollResult small = poller.poll("crm");
        assertThat(((PollResult.Done) small).withheldDeletions()).isZero();
        assertThat(messages()).filteredOn(m -> "item.deleted".equals(m.eventType())).hasSize(19);
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowedSoTheApisCredentialsStayWithIt() throws Exception {
        for (int i = 1; i <= 5; i++) api.put("0" + i, item(i, "n" + i, "t1"));
        api.linkBase = "http://localhost:" + api.port();
        Poller poller = poller(spec("/items", null), store, "node-a");

        PollRecord record = done(poller.poll("crm"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.FAILED);
        assertThat(record.error()).isEqualTo("page 1's next link leads to another host (localhost); not followed");
        assertThat(api.requests()).hasSize(1);
        assertThat(messages()).isEmpty();
        api.linkBase = api.url("");
        assertThat(done(poller.poll("crm")).outcome()).as("an absolute link to the same host is followed").isEqualTo(PollRecord.Outcome.CHANGED);
    }

    @Test
    void aChangeIsAnUpdateWithItsPatchAndAnItemGoneFromAFullListingIsADeletion() throws Exception {
        api.put("01", item(1, "Ada", "t1")).put("02", item(2, "Bob", "t1")).put("03", item(3, "Cy", "t1"));
        Poller poller = poller(spec("/items", null), store, "node-a");
        done(poller.poll("crm"));
        api.put("01", item(1, "Ada Lovelace", "t2")).remove("02").put("04", item(4, "Dee", "t2"));
        clock.advance(Duration.ofMinutes(1));

        PollRecord second = done(poller.poll("crm"));

        assertThat(second.changes()).isEqualTo(3);
        List<MessageSummary> later = messages().stream().filter(m -> m.dedupeKey().endsWith("/g2")).toList();
        assertThat(later).extracting(MessageSummary::eventType).containsExactlyInAnyOrder("item.updated", "item.deleted", "item.created");
        JsonNode updated = body(later.stream().filter(m -> "item.updated".equals(m.eventType())).findFirst().orElseThrow());
        assertThat(updated.get("item").get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(updated.get("patch").toString()).isEqualTo(
                "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"Ada Lovelace\"},{\"op\":\"replace\",\"path\":\"/updated\",\"value\":\"t2\"}]");
        JsonNode deleted = body(later.stream().filter(m -> "item.deleted".equals(m.eventType())).findFirst().orElseThrow());
        assertThat(deleted.get("key").asText()).isEqualTo("2");
        assertThat(deleted.get("item").get("name").asText()).as("the item as last seen").isEqualTo("Bob");
        assertThat(store.snapshot("crm")).containsOnlyKeys("1", "3", "4");
    }

    @Test
    void anUnchangedListingIsNotModifiedByETagOrByItsBodyHashAndEmitsNothing() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        Poller poller = poller(spec("/items", null), store, "node-a");
        done(poller.poll("crm"));

        PollRecord byEtag = done(poller.poll("crm"));
        assertThat(byEtag.outcome()).isEqualTo(PollRecord.Outcome.NOT_MODIFIED);
        assertThat(byEtag.status()).isEqualTo(304);
        assertThat(api.requests().get(1).headers().get("if-none-match")).isNotNull();

        api.etags = false;
        assertThat(done(poller.poll("crm")).outcome()).as("200 without validators, same bytes").isEqualTo(PollRecord.Outcome.NOT_MODIFIED);
        assertThat(messages()).hasSize(1);
        assertThat(store.pollState("crm").lastSuccessAt()).isEqualTo(clock.instant());
    }

    @Test
    void anIncrementalListingMovesTheCursorToTheGreatestUpdatedAndNeverInfersADeletion() throws Exception {
        api.put("01", item(1, "Ada", "2026-11-30T09:00:00Z")).put("02", item(2, "Bob", "2026-11-30T09:05:00Z"));
        Poller poller = poller(spec("/items?updated_since={cursor}", "/updated"), store, "node-a");
        done(poller.poll("crm"));
        assertThat(store.pollState("crm").cursor()).isEqualTo("2026-11-30T09:05:00Z");

        // A late write with the same updated value as the cursor: asked from it on (>=), found, and only it is new.
        api.put("03", item(3, "Cy", "2026-11-30T09:05:00Z"));
        PollRecord second = done(poller.poll("crm"));

        assertThat(api.requests().get(1).uri()).isEqualTo("/items?updated_since=2026-11-30T09%3A05%3A00Z");
        assertThat(second.items()).isEqualTo(2);
        assertThat(second.changes()).isEqualTo(1);
        assertThat(messages()).extracting(MessageSummary::eventType).containsExactly("item.created", "item.created", "item.created");
        assertThat(store.snapshot("crm")).as("item 1 is not in the listing, and still not deleted").containsOnlyKeys("1", "2", "3");
    }

    @Test
    void aCommitThatFailsLosesNothingAndTheNextPollEmitsEachChangeOnce() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        AtomicInteger failures = new AtomicInteger(1);
        PollStates failingOnce = new FailingCommits(store, failures);
        Poller poller = poller(spec("/items", null), failingOnce, "node-a");

        try {
            poller.poll("crm");
        } catch (StoreException expected) {
            // the store failed the commit: as if the gateway died between fetch and commit
        }
        assertThat(messages()).isEmpty();
        assertThat(store.pollState("crm").generation()).isZero();

        PollRecord retried = done(poller.poll("crm"));
        PollRecord again = done(poller.poll("crm"));

        assertThat(retried.changes()).isEqualTo(1);
        assertThat(again.outcome()).isEqualTo(PollRecord.Outcome.NOT_MODIFIED);
        assertThat(messages()).hasSize(1);
    }

    @Test
    void a503IsRecordedWithItsRetryAfterAndNothingElseMoves() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        api.failWith = 503;
        api.retryAfter = "120";
        Poller poller = poller(spec("/items", null), store, "node-a");

        PollResult.Done result = (PollResult.Done) poller.poll("crm");

        assertThat(result.record().outcome()).isEqualTo(PollRecord.Outcome.FAILED);
        assertThat(result.record().status()).isEqualTo(503);
        assertThat(result.record().error()).isEqualTo("page 1 answered HTTP 503");
        assertThat(result.record().retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(store.pollState("crm").generation()).isZero();
        assertThat(messages()).isEmpty();
    }

    @Test
    void aPollAskedForBeforeTheServersRetryAfterHasPassedDoesNotAskIt() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        api.failWith = 503;
        api.retryAfter = "120";
        Poller poller = poller(spec("/items", null), store, "node-a");
        poller.poll("crm");
        api.failWith = 0;
        int asked = api.requests().size();

        clock.advance(Duration.ofSeconds(119));
        PollResult early = poller.poll("crm");

        assertThat(early).isInstanceOfSatisfying(PollResult.Deferred.class, d -> {
            assertThat(d.left()).isEqualTo(Duration.ofSeconds(1));
            assertThat(d.reason()).isEqualTo("the server of crm asked to wait (Retry-After) until 2026-11-30T10:02:00Z");
        });
        assertThat(api.requests()).hasSize(asked);
        clock.advance(Duration.ofSeconds(1));
        assertThat(done(poller.poll("crm")).outcome()).isEqualTo(PollRecord.Outcome.CHANGED);
        assertThat(done(poller.poll("crm")).outcome()).as("a poll without Retry-After lifts the wait").isNotEqualTo(PollRecord.Outcome.FAILED);
    }

    @Test
    void theServersRetryAfterOutlivesARestartAndPassesToTheNodeTakingTheSourceOver() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        api.failWith = 503;
        api.retryAfter = "120";
        Poller before = poller(spec("/items", null), store, "node-a");
        before.poll("crm");
        before.releaseLeases();
        api.failWith = 0;
        int asked = api.requests().size();

        clock.advance(Duration.ofSeconds(60));
        Poller restarted = poller(spec("/items", null), store, "node-a");
        Poller other = poller(spec("/items", null), store, "node-b");

        assertThat(restarted.poll("crm")).isInstanceOfSatisfying(PollResult.Deferred.class,
                d -> assertThat(d.left()).isEqualTo(Duration.ofSeconds(60)));
        assertThat(other.poll("crm")).isInstanceOf(PollResult.Deferred.class);
        assertThat(api.requests()).hasSize(asked);
        clock.advance(Duration.ofSeconds(60));
        assertThat(done(other.poll("crm")).outcome()).isEqualTo(PollRecord.Outcome.CHANGED);
    }

    @Test
    void aRetryAfterOfDaysWaitsAnHourAtMost() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        api.failWith = 429;
        api.retryAfter = Long.toString(Duration.ofDays(30).toSeconds());

        PollRecord record = done(poller(spec("/items", null), store, "node-a").poll("crm"));

        assertThat(record.retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aPageThatTimesOutSaysSoInTheConfigsOwnWords() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        api.delayMillis = 2_000;
        PollSpec slow = new PollSpec(api.url("/items"), Duration.ofMinutes(1), null, null, "/results", "/id", null, null,
                new PollSpec.Pagination.LinkHeader("next"), 0, Duration.ofMillis(500));

        PollRecord record = done(poller(slow, store, "node-a").poll("crm"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.FAILED);
        assertThat(record.error()).isEqualTo("page 1 timed out after 500ms"); // not Java's PT0.5S
    }

    @Test
    void anItemWithoutAnIdIsSkippedAndReportedWhileTheOthersChangesFlowAndNothingIsDeleted() throws Exception {
        Poller poller = poller(spec("/items", null), store, "node-a");
        api.put("01", item(1, "Ada", "t1"));
        api.put("02", item(2, "Bob", "t1"));
        done(poller.poll("crm"));
        // Bob's id goes missing, Ada changes, Cy is new: one unkeyable item must not hold back the others' changes.
        api.put("02", "{\"name\":\"Bob\",\"id\":null}");
        api.put("01", item(1, "Ada Lovelace", "t2"));
        api.put("03", item(3, "Cy", "t2"));

        PollRecord record = done(poller.poll("crm"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.CHANGED);
        assertThat(record.error()).isEqualTo("skipped 1 item(s) without an id at '/id' (the first is item 2 of the listing);"
                + " the others' changes were taken, and no deletions while items are skipped");
        assertThat(messages()).extracting(MessageSummary::eventType).containsExactlyInAnyOrder("item.created", "item.created", "item.updated", "item.created");
        assertThat(store.snapshot("crm")).containsKeys("1", "2", "3");
    }

    @Test
    void anotherNodeIsSkippedWhileTheLeaseIsHeldAndTakesOverOnceItPasses() throws Exception {
        api.put("01", item(1, "Ada", "t1"));
        Poller a = poller(spec("/items", null), store, "node-a");
        Poller b = poller(spec("/items", null), store, "node-b");
        done(a.poll("crm"));

        assertThat(b.poll("crm")).isInstanceOfSatisfying(PollResult.Skipped.class, s -> assertThat(s.reason()).isEqualTo(
                "crm is polled by node node-a, whose lease runs until 2026-11-30T10:00:30Z (a node stopped without giving it up, e.g. killed,"
                        + " holds it until then)"));
        clock.advance(LEASE); // node-a stopped renewing (it died)
        api.put("02", item(2, "Bob", "t2"));
        PollRecord byB = done(b.poll("crm"));

        assertThat(byB.node()).isEqualTo("node-b");
        assertThat(byB.changes()).as("b starts from a's committed snapshot").isEqualTo(1);
        assertThat(a.poll("crm")).isInstanceOf(PollResult.Skipped.class);
        assertThat(messages()).hasSize(2);
    }

    /** A store whose poll commits fail a given number of times, before anything is written. */
    private record FailingCommits(PollStates store, AtomicInteger failures) implements PollStates {
        @Override public dev.junction.store.PollState pollState(String source) { return store.pollState(source); }
        @Override public Map<String, dev.junction.store.SnapshotItem> snapshot(String source) { return store.snapshot(source); }
        @Override
        public Optional<List<IngestOutcome>> commitPoll(PollCommit commit, List<NewEntry> entries, Supplier<String> deliveryIds) {
            if (failures.getAndDecrement() > 0) throw new StoreException("commit a poll failed: java.sql.SQLException", null);
            return store.commitPoll(commit, entries, deliveryIds);
        }
        @Override public List<PollRecord> polls(String source, PageRequest page) { return store.polls(source, page); }
        @Override public boolean acquirePollLease(String s, String o, Instant now, Duration l) { return store.acquirePollLease(s, o, now, l); }
        @Override public boolean releasePollLease(String s, String o) { return store.releasePollLease(s, o); }
        @Override public Optional<Map.Entry<String, Instant>> pollLease(String source) { return store.pollLease(source); }
    }
}
