package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.SyncReconciliations.Reconciliation;
import dev.junction.store.SyncStates.SyncCommit;
import dev.junction.store.SyncStates.SyncLink;
import dev.junction.store.SyncStates.SyncRecordRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a sync's reconciliation reads and keeps: every record page by page in key order with exactly its own links, a
 * system's id forgotten, and the latest run. Part of {@link StoreContract}, so it runs on every engine.
 */
interface SyncReconciliationsContract {

    Instant RUN_AT = Instant.parse("2026-11-30T21:00:00Z");
    AtomicInteger RECONCILE_SEQUENCE = new AtomicInteger();

    Store store();

    private static String unique(String prefix) {
        return prefix + "-" + RECONCILE_SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    }

    private void record(String sync, String key, Map<String, String> links) {
        assertThat(store().commitSync(new SyncCommit(sync, key, 0, "{\"k\":\"" + key + "\"}", links, List.of(), RUN_AT), List.of(), () -> unique("dlv")))
                .isTrue();
    }

    @Test
    default void recordsArePagedInKeyOrderEachWithItsOwnLinks() {
        String sync = unique("recon");
        record(sync, "c@example.com", Map.of("crm-a", "a-3"));
        record(sync, "a@example.com", Map.of("crm-a", "a-1", "crm-b", "b-1"));
        record(sync, "b@example.com", Map.of());
        record(unique("other"), "a@example.com", Map.of("crm-a", "x-1"));

        List<SyncRecordRow> first = store().syncRecords(sync, null, 2);
        assertThat(first).extracting(SyncRecordRow::key).containsExactly("a@example.com", "b@example.com");
        assertThat(first.get(0).links()).isEqualTo(Map.of("crm-a", new SyncLink("a-1", false), "crm-b", new SyncLink("b-1", false)));
        assertThat(first.get(1).links()).isEmpty();
        assertThat(first.get(0).state()).isEqualTo("{\"k\":\"a@example.com\"}");
        List<SyncRecordRow> second = store().syncRecords(sync, "b@example.com", 2);
        assertThat(second).extracting(SyncRecordRow::key).containsExactly("c@example.com");
        assertThat(second.get(0).links()).containsOnlyKeys("crm-a");
        assertThat(store().syncRecords(sync, "c@example.com", 2)).isEmpty();
    }

    @Test
    default void aForgottenIdIsGoneFromTheCrosswalkAndOnlyThatId() {
        String sync = unique("recon");
        record(sync, "a@example.com", Map.of("crm-a", "a-1", "crm-b", "b-1"));

        assertThat(store().unlinkSyncRecord(sync, "a@example.com", "crm-a", "a-other")).as("another id: kept").isFalse();
        assertThat(store().unlinkSyncRecord(sync, "a@example.com", "crm-a", "a-1")).isTrue();

        assertThat(store().syncRecord(sync, "a@example.com").orElseThrow().links()).containsOnlyKeys("crm-b");
        assertThat(store().syncKeyOf(sync, "crm-a", "a-1")).isEmpty();
        assertThat(store().markSyncCreate(sync, "a@example.com", "crm-a")).as("a create there may be marked again").isTrue();
    }

    @Test
    default void theLatestReconciliationIsTheLastStarted() {
        String sync = unique("recon");
        assertThat(store().latestReconciliation(sync)).isEmpty();
        Reconciliation older = new Reconciliation(unique("rec"), sync, "node-1", RUN_AT, RUN_AT.plusSeconds(3), 10, 7, "{\"n\":1}");
        Reconciliation newer = new Reconciliation(unique("rec"), sync, "node-2", RUN_AT.plusSeconds(3600), RUN_AT.plusSeconds(3601), 10, 10, "{\"n\":2}");
        store().saveReconciliation(newer);
        store().saveReconciliation(older);
        store().saveReconciliation(new Reconciliation(unique("rec"), unique("other"), "node-1", RUN_AT.plusSeconds(7200), RUN_AT.plusSeconds(7201), 1, 1, "{}"));

        assertThat(store().latestReconciliation(sync)).contains(newer);
    }
}
