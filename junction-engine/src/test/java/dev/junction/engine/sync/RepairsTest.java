package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.AttemptRecord;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.NewEntry;
import dev.junction.store.Store;
import dev.junction.store.SyncStates;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.jdbc.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconciliation's repairs on a real store (SQLite): a record whose writes to a system wait on a delivery (dead, or
 * on its way) is written nothing more there, and its finding names that delivery.
 */
class RepairsTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String KEY = "ann@example.com";

    @TempDir
    Path dir;
    Store store;
    final SyncSpec spec = SyncStepTest.spec(Map.of());
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final Ids ids = new Ids(clock, new Random(7));
    /** Ann as agreed, linked in crm-a and crm-c; crm-b never created her. */
    final SyncRecord ann = new SyncStepTest().everywhere(new SyncStep(spec));
    final Map<String, String> linked = Map.of("crm-a", "crm-a-id", "crm-c", "crm-c-id");

    @BeforeEach
    void open() {
        store = Stores.open("sqlite:" + dir.resolve("junction.db"), null, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Commits Ann with a write of her to crm-b (its create) and returns that write's delivery id. */
    private String annWithACreateToCrmB() {
        NewEntry create = new SyncWrite("contacts", "crm-b", KEY, SyncStepTest.fields("/email", KEY, "/first_name", "Ann"))
                .entry(spec, "msg_change", 0, null, T0, ids);
        assertThat(store.commitSync(new SyncStates.SyncCommit("contacts", KEY, 0, SyncRecordJson.write(ann), linked, List.of(), T0),
                List.of(create), () -> ids.next("dlv"))).isTrue();
        return store.syncWriteWaiting("crm-b-api", KEY).orElseThrow().deliveryId();
    }

    /** crm-b answered the create 409: dead at once. */
    private void dies(String deliveryId) {
        List<ClaimedDelivery> claimed = store.claimDue("worker", T0, Duration.ofMinutes(1), 10, Set.of());
        assertThat(claimed).extracting(ClaimedDelivery::id).containsExactly(deliveryId);
        assertThat(store.complete("worker", new AttemptRecord(deliveryId, 1, T0, Duration.ofMillis(5), OutcomeClass.PERMANENT, 409,
                "http: 409", null), new Completion.Dead("409 Conflict"), T0)).isTrue();
    }

    /** One reconciliation of the key: crm-b lists nothing, the others list Ann as agreed. */
    private List<Finding> reconcile(Repairs repairs) {
        SyncRecordRow row = store.syncRecord("contacts", KEY).orElseThrow();
        SyncRecord record = SyncRecordJson.read(row.state());
        Map<String, List<JsonNode>> listed = Map.of("crm-a", List.of(DriftTest.ann("crm-a", "2026-11-30T20:00:00Z", "Ann")), "crm-b", List.of(),
                "crm-c", List.of(DriftTest.ann("crm-c", "2026-11-30T20:00:01Z", "Ann")));
        return repairs.make(new Drift(spec, spec.systems().keySet()).of(KEY, record, linked, listed), row, record);
    }

    @Test
    void aRecordWhoseWritesToASystemAreHeldBehindADeadLetterIsWrittenNothingMoreThereAndTheFindingNamesIt() {
        String dead = annWithACreateToCrmB();
        dies(dead);
        long version = store.syncRecord("contacts", KEY).orElseThrow().version();

        for (int run = 1; run <= 3; run++) {
            Repairs repairs = new Repairs(spec, store, clock, ids, "rec" + run);
            List<Finding> findings = reconcile(repairs);

            assertThat(findings).as("run " + run).containsExactly(new Finding(KEY, "crm-b", Finding.Kind.MISSING, List.of("/email", "/first_name", "/phone"),
                    Finding.Action.BLOCKED, dead));
            assertThat(repairs.appended()).as("run " + run).isZero();
        }
        assertThat(store.pendingCount()).as("no write queued behind the dead letter").isZero();
        assertThat(store.syncRecord("contacts", KEY).orElseThrow().version()).as("the record untouched").isEqualTo(version);
        assertThat(store.deadLetters(java.util.Optional.empty(), java.util.Optional.empty(), 10))
                .as("the dead letter says whose writes it holds back").singleElement()
                .satisfies(d -> assertThat(d.orderingKey()).isEqualToIgnoringCase(KEY));
    }

    @Test
    void aRecordWithAWriteToASystemOnItsWayIsWrittenNothingMoreThere() {
        String queued = annWithACreateToCrmB();

        Repairs repairs = new Repairs(spec, store, clock, ids, "rec1");
        List<Finding> findings = reconcile(repairs);

        assertThat(findings).containsExactly(new Finding(KEY, "crm-b", Finding.Kind.MISSING, List.of("/email", "/first_name", "/phone"),
                Finding.Action.QUEUED, queued));
        assertThat(repairs.appended()).isZero();
        assertThat(store.pendingCount()).isEqualTo(1);
    }

    @Test
    void onceTheDeadLetterIsPurgedTheRecordIsCreatedThereAgain() {
        String dead = annWithACreateToCrmB();
        dies(dead);
        assertThat(store.purgeDeadLetter(dead)).isTrue();

        Repairs repairs = new Repairs(spec, store, clock, ids, "rec1");
        List<Finding> findings = reconcile(repairs);

        assertThat(findings).containsExactly(new Finding(KEY, "crm-b", Finding.Kind.MISSING, List.of("/email", "/first_name", "/phone"),
                Finding.Action.RECREATED));
        assertThat(repairs.appended()).isEqualTo(1);
    }

    @Test
    void aBlockedFindingSaysInTheReportWhatHoldsItAndHowToLetItThrough() {
        Finding blocked = new Finding(KEY, "crm-b", Finding.Kind.MISSING, List.of("/email"), Finding.Action.BLOCKED, "dlv_1");
        ReconcileReport report = new ReconcileReport("rec1", "contacts", "node-1", T0, T0, 1, 0, Map.of("crm-b", 0), Map.of(),
                Map.of("missing/blocked", 1L), List.of(blocked), Map.of());

        assertThat(ReconcileReport.read(report.json()).findings()).containsExactly(blocked);
        assertThat(report.count(Finding.Action.BLOCKED)).isEqualTo(1);
        assertThat(report.text()).contains(KEY + " @ crm-b: missing /email -> blocked: its writes there wait behind dead letter dlv_1"
                + " (replay it: dlq replay --id dlv_1; or purge it: dlq purge --id dlv_1)");
    }
}
