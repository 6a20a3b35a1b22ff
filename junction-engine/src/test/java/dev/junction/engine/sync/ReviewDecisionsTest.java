package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.deliver.SendResult;
import dev.junction.engine.deliver.Sender;
import dev.junction.engine.sync.ReviewDecisions.Pick;
import dev.junction.engine.sync.ReviewDecisions.Result;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import dev.junction.store.SyncStates.SyncReview;
import dev.junction.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deciding a review of the match field on a real SQLite store, change deliveries run one at a time: a new match key
 * is refused while a system has no id in the crosswalk or another record has that key, and once allowed the record
 * keeps its key and every system keeps finding it by its id.
 */
class ReviewDecisionsTest {

    static final SyncSpec SPEC = SyncStepTest.spec(Map.of("/email", new SyncSpec.Rule.Review()));

    @TempDir
    Path dir;
    Store store;
    SyncSender sender;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        Clock clock = Clock.fixed(SyncSenderTest.NOW, ZoneOffset.UTC);
        Sender none = new Sender() {
            @Override
            public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
                throw new AssertionError("no other kind of delivery here");
            }

            @Override
            public void close() {}
        };
        sender = new SyncSender(Map.of("contacts", SPEC), store, none, clock, new Ids(clock, new java.util.Random(7)), () -> {});
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void change(String id, String system, String record) {
        SendResult r = sender.send(SyncSenderTest.change(id, system + "-hooks", record), null);
        assertThat(r.error()).as(String.valueOf(r)).isNull();
        assertThat(r.acknowledged()).isTrue();
    }

    private static String contact(String id, String email, String at) {
        return "{\"id\":\"" + id + "\",\"email\":\"" + email + "\",\"first_name\":\"Ann\",\"updated_at\":\"2026-11-30T20:" + at + "Z\"}";
    }

    /** Ann known to crm-a and crm-b; crm-a's user changes her email, crm-b's user (not yet told) another way: a review. */
    private SyncReview crossedEmails() {
        change("m1", "crm-a", contact("a-1", "ann@example.com", "20:00"));
        change("m2", "crm-b", contact("b-1", "ann@example.com", "20:01"));
        change("m3", "crm-a", contact("a-1", "ann@new.example", "21:00"));
        change("m4", "crm-b", contact("b-1", "ann@other.example", "21:01"));
        return store.syncReviews("contacts", true, 10).get(0);
    }

    @Test
    void aNewMatchKeyIsRefusedWhileASystemHasNoIdThenDecidedWithTheCrosswalkKept() throws Exception {
        SyncReview review = crossedEmails();
        assertThat(review.field()).isEqualTo("/email");
        assertThat(review.agreedSystem()).isEqualTo("crm-a");
        ReviewDecisions decisions = sender.decisions();

        Result noId = decisions.decide("contacts", review.id(), Pick.PROPOSED, null, "ops");
        assertThat(noId).isInstanceOfSatisfying(Result.Refused.class, r -> {
            assertThat(r.badValue()).isFalse();
            assertThat(r.why()).contains("crm-c").contains("crosswalk");
        });
        Result notText = decisions.decide("contacts", review.id(), Pick.EDITED, new ObjectMapper().readTree("{\"a\":1}"), "ops");
        assertThat(notText).isInstanceOfSatisfying(Result.Refused.class, r -> assertThat(r.badValue()).isTrue());

        store.linkSyncRecord("contacts", "ann@example.com", "crm-c", "c-1");
        change("m5", "crm-a", contact("a-2", "bo@example.com", "22:00"));
        Result taken = decisions.decide("contacts", review.id(), Pick.EDITED, TextNode.valueOf("bo@example.com"), "ops");
        assertThat(taken).isInstanceOfSatisfying(Result.Refused.class, r -> assertThat(r.why()).contains("another record"));
        assertThat(store.syncReview("contacts", review.id()).orElseThrow().open()).as("refusals change nothing").isTrue();

        Result decided = decisions.decide("contacts", review.id(), Pick.PROPOSED, null, "ops");

        assertThat(decided).isInstanceOfSatisfying(Result.Decided.class, d -> {
            assertThat(d.writes()).containsExactly("crm-a", "crm-c");
            assertThat(d.review().decidedValue()).isEqualTo("\"ann@other.example\"");
        });
        // The record keeps its key; each system still finds it by its own id.
        SyncRecord record = SyncRecordJson.read(store.syncRecord("contacts", "ann@example.com").orElseThrow().state());
        assertThat(record.agreed().get("/email").value().asText()).isEqualTo("ann@other.example");
        assertThat(record.held()).isEmpty();
        assertThat(store.syncKeyOf("contacts", "crm-c", "c-1")).contains("ann@example.com");
        assertThat(store.syncKeyOf("contacts", "crm-b", "b-1")).contains("ann@example.com");
        assertThat(store.deliveries(DeliveryFilter.ALL.destination("crm-c-api"), PageRequest.oldestFirst(null, 50)))
                .anySatisfy(d -> assertThat(d.messageId()).isNotNull());
        assertThat(decisions.decide("contacts", review.id(), Pick.AGREED, null, "ops")).isInstanceOf(Result.AlreadyDecided.class);
        assertThat(decisions.decide("contacts", "rev_unknown", Pick.AGREED, null, "ops")).isInstanceOf(Result.NotFound.class);

        // Released: crm-b's next edit of the email is an ordinary edit, found by its id.
        change("m6", "crm-b", contact("b-1", "ann@latest.example", "23:00"));
        assertThat(SyncRecordJson.read(store.syncRecord("contacts", "ann@example.com").orElseThrow().state()).agreed().get("/email").value().asText())
                .isEqualTo("ann@latest.example");
        assertThat(store.syncReviews("contacts", true, 10)).isEmpty();
        assertThat(List.of(store.syncCounts("contacts").records())).containsExactly(2L);
    }
}
