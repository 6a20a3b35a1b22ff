package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.deliver.SendResult;
import dev.junction.engine.deliver.Sender;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import dev.junction.store.StoredMessage;
import dev.junction.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync step on a real SQLite store, one change delivery at a time: what it commits, and what it refuses. */
class SyncSenderTest {

    static final Instant NOW = Instant.parse("2026-11-30T20:30:00Z");
    static final SyncSpec SPEC = SyncStepTest.spec(Map.of());

    @TempDir
    Path dir;
    Store store;
    SyncSender sender;
    final AtomicInteger wakeUps = new AtomicInteger();
    final AtomicInteger others = new AtomicInteger();

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Sender kinds = new Sender() {
            @Override
            public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
                others.incrementAndGet();
                return SendResult.response(200, null, "");
            }

            @Override
            public void close() {}
        };
        sender = new SyncSender(Map.of("contacts", SPEC), store, kinds, clock, new Ids(clock, new java.util.Random(7)), wakeUps::incrementAndGet);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static ClaimedDelivery change(String messageId, String source, String record) {
        byte[] body = ("{\"type\":\"contact.updated\",\"data\":" + record + "}").getBytes(StandardCharsets.UTF_8);
        StoredMessage m = new StoredMessage(messageId, source, messageId, NOW, "application/json", Map.of(), body, "trace-1", "contact.updated");
        return new ClaimedDelivery("dlv_" + messageId, "sync:contacts", 0, NOW, NOW.plusSeconds(60), m, "ann@example.com");
    }

    static final String ANN = "{\"id\":\"a-1\",\"email\":\"ann@example.com\",\"first_name\":\"Ann\",\"updated_at\":\"2026-11-30T20:29:00Z\"}";

    List<DeliveryView> writesTo(String destination) {
        return store.deliveries(DeliveryFilter.ALL.destination(destination), PageRequest.oldestFirst(null, 50));
    }

    @Test
    void aChangeCommitsTheAgreedStateTheLinkAndOneWritePerOtherSystem() throws Exception {
        SendResult result = sender.send(change("m1", "crm-a-hooks", ANN), null);

        assertThat(result.acknowledged()).isTrue();
        assertThat(result.excerpt()).isEqualTo("applied");
        SyncRecord record = SyncRecordJson.read(store.syncRecord("contacts", "ann@example.com").orElseThrow().state());
        assertThat(record.agreed().get("/first_name").value().asText()).isEqualTo("Ann");
        assertThat(store.syncKeyOf("contacts", "crm-a", "a-1")).contains("ann@example.com");
        assertThat(writesTo("crm-a-api")).isEmpty();
        assertThat(writesTo("crm-b-api")).singleElement().satisfies(d -> assertThat(d.source()).isEqualTo("sync:contacts"));
        assertThat(writesTo("crm-c-api")).hasSize(1);
        SyncWrite write = SyncWrite.read(store.message(writesTo("crm-b-api").get(0).messageId()).orElseThrow().body());
        assertThat(write.system()).isEqualTo("crm-b");
        assertThat(write.key()).isEqualTo("ann@example.com");
        assertThat(new ObjectMapper().readTree(write.requestBody()).toString())
                .isEqualTo("{\"email\":\"ann@example.com\",\"first_name\":\"Ann\"}");
        assertThat(wakeUps).hasValue(1);
        assertThat(sender.metrics().changes("contacts", "crm-a", Outcome.APPLIED)).isEqualTo(1);
    }

    @Test
    void aChangeDeliveredAgainAfterItsCommitWritesNothingMore() {
        sender.send(change("m1", "crm-a-hooks", ANN), null);

        // The node died after the commit, before the delivery's completion: the lease ran out and it is sent again.
        SendResult again = sender.send(change("m1", "crm-a-hooks", ANN), null);

        assertThat(again.excerpt()).isEqualTo("echo");
        assertThat(writesTo("crm-b-api")).hasSize(1);
        assertThat(writesTo("crm-c-api")).hasSize(1);
        assertThat(store.syncRecord("contacts", "ann@example.com").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void aRecordWhoseMatchKeyChangedIsFoundByItsIdInTheCrosswalk() {
        sender.send(change("m1", "crm-a-hooks", ANN), null);

        sender.send(change("m2", "crm-a-hooks", ANN.replace("ann@example.com", "ann@new.example").replace("20:29:00", "20:29:30")), null);

        assertThat(store.syncRecord("contacts", "ann@new.example")).isEmpty();
        SyncRecord record = SyncRecordJson.read(store.syncRecord("contacts", "ann@example.com").orElseThrow().state());
        assertThat(record.agreed().get("/email").value().asText()).isEqualTo("ann@new.example");
    }

    @Test
    void aSecondRecordOfASystemWithTheKeyOfItsLinkedRecordChangesNothing() {
        sender.send(change("m1", "crm-a-hooks", ANN), null);
        sender.send(change("m2", "crm-b-hooks", ANN.replace("a-1", "b-1")), null);
        int writesToA = writesTo("crm-a-api").size();

        // crm-b's user makes a second contact with Ann's email: it is not Ann's record there, whose id Junction has.
        SendResult dup = sender.send(change("m3", "crm-b-hooks",
                "{\"id\":\"b-2\",\"email\":\"ann@example.com\",\"first_name\":\"Dup\",\"updated_at\":\"2026-11-30T20:29:50Z\"}"), null);

        assertThat(dup.acknowledged()).isTrue();
        SyncRecord record = SyncRecordJson.read(store.syncRecord("contacts", "ann@example.com").orElseThrow().state());
        assertThat(record.agreed().get("/first_name").value().asText()).isEqualTo("Ann");
        assertThat(store.syncKeyOf("contacts", "crm-b", "b-1")).contains("ann@example.com");
        assertThat(store.syncKeyOf("contacts", "crm-b", "b-2")).isEmpty();
        assertThat(writesTo("crm-a-api")).hasSize(writesToA);
    }

    @Test
    void whatNoSyncCanUseIsRefusedForGoodAndOtherDeliveriesPassThrough() {
        SendResult notJson = sender.send(change("m1", "crm-a-hooks", "nope}"), null);
        SendResult noKey = sender.send(change("m2", "crm-b-hooks", "{\"id\":\"b-1\",\"first_name\":\"Bo\"}"), null);
        SendResult noId = sender.send(change("m3", "crm-b-hooks", "{\"email\":\"bo@example.com\"}"), null);

        for (SendResult r : List.of(notJson, noKey, noId)) {
            assertThat(r.error()).isInstanceOfSatisfying(DeliveryRefused.class, e -> assertThat(e.permanent()).isTrue());
        }
        assertThat(noKey.error()).hasMessageContaining("no match key at '/email'");
        assertThat(store.syncRecord("contacts", "bo@example.com")).isEmpty();

        ClaimedDelivery plain = new ClaimedDelivery("d9", "billing", 0, NOW, NOW, change("m9", "stripe", ANN).message(), null);
        assertThat(sender.send(plain, null).status()).isEqualTo(200);
        assertThat(others).hasValue(1);
    }
}
