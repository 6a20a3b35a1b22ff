package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.store.NewEntry;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.Store;
import dev.junction.store.SyncStates;
import dev.junction.store.SyncStates.SyncRecordRow;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a reconciliation's {@link Drift.Plan} happen on the pipeline, never beside it. Agreed values to push are
 * writes, as a sync step appends them: committed with the record's next state (each written value pending, so its
 * echo is recognised) over the version the reconciliation read; a step that moved the record meanwhile wins, and the
 * next run looks again. A record to put through the sync is a change message of its system, as its webhook would
 * have brought it, delivered to the sync's step alone (not to the source's other routes), ordered by its key.
 */
final class Repairs {

    /** A change message a reconciliation made, as the sync's step tells it apart. */
    static final String EVENT_TYPE = "sync.reconciled";
    /** A delete a reconciliation made of a record gone from its system ({@code deletes: propagate}). */
    static final String DELETE_TYPE = "sync.reconciled.delete";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyncSpec spec;
    private final Store store;
    private final Clock clock;
    private final Ids ids;
    private final String runId;
    private int appended;

    Repairs(SyncSpec spec, Store store, Clock clock, Ids ids, String runId) {
        this.spec = spec;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.runId = runId;
    }

    /** Messages appended so far. */
    int appended() {
        return appended;
    }

    /**
     * Carries the plan out; its findings, a push's marked busy when the record moved under it. A system whose writes of
     * the record wait on a delivery (dead, or on its way) is written nothing: another write would only queue behind it
     * (and behind a dead one, never be sent); its finding names the delivery instead.
     */
    List<Finding> make(Drift.Plan plan, SyncRecordRow row, SyncRecord record) {
        Map<String, SyncStates.WaitingWrite> waiting = new LinkedHashMap<>();
        for (Drift.Push push : plan.pushes()) waiting(plan.key(), push.system()).ifPresent(w -> waiting.put(push.system(), w));
        for (String system : plan.deletes()) waiting(plan.key(), system).ifPresent(w -> waiting.put(system, w));
        plan = plan.without(waiting.keySet());
        List<Finding> findings = new ArrayList<>();
        for (Finding f : plan.findings()) {
            boolean written = f.action() == Finding.Action.REPUSHED || f.action() == Finding.Action.RECREATED || f.action() == Finding.Action.DELETE;
            findings.add(written && waiting.containsKey(f.system()) ? f.waitingOn(waiting.get(f.system())) : f);
        }
        if (!plan.pushes().isEmpty() && !push(plan, row, record)) {
            List<Finding> busy = new ArrayList<>();
            for (Finding f : findings) {
                boolean pushed = f.action() == Finding.Action.REPUSHED || f.action() == Finding.Action.RECREATED;
                busy.add(pushed ? f.as(Finding.Action.BUSY) : f);
            }
            findings = busy;
        }
        for (Drift.Feed feed : plan.feeds()) feed(plan.key(), feed);
        for (String system : plan.deletes()) {
            NewEntry delete = SyncWrite.deletion(spec.name(), system, plan.key(), row.links())
                    .entry(spec, "reconcile-" + runId + "/" + plan.key(), row.version(), null, clock.instant(), ids);
            store.append(delete.message(), delete.deliveries(), () -> ids.next("dlv"));
            appended++;
        }
        for (Drift.Gone gone : plan.gone()) gone(plan.key(), gone);
        return findings;
    }

    /** The delivery the record's next write to {@code system} would wait behind (writes are ordered by the record's key: SyncWrite). */
    private java.util.Optional<SyncStates.WaitingWrite> waiting(String key, String system) {
        return store.syncWriteWaiting(spec.systems().get(system).to(), key);
    }

    private boolean push(Drift.Plan plan, SyncRecordRow row, SyncRecord record) {
        Instant now = clock.instant();
        Map<String, SystemCopy> systems = new LinkedHashMap<>(record.systems());
        List<NewEntry> writes = new ArrayList<>();
        for (Drift.Push push : plan.pushes()) {
            SystemCopy copy = record.copy(push.system());
            if (push.forgetId() != null) store.unlinkSyncRecord(spec.name(), plan.key(), push.system(), push.forgetId());
            // A record gone from the system: what it last showed is no base for anything.
            if (push.missing()) copy = new SystemCopy(Map.of(), copy.pending(), copy.updated());
            systems.put(push.system(), copy.withWritten(push.fields()));
            writes.add(new SyncWrite(spec.name(), push.system(), plan.key(), push.fields())
                    .entry(spec, "reconcile-" + runId + "/" + plan.key(), row.version(), null, now, ids));
        }
        boolean committed = store.commitSync(new SyncStates.SyncCommit(spec.name(), plan.key(), row.version(),
                SyncRecordJson.write(new SyncRecord(record.agreed(), record.held(), systems)), Map.of(), List.of(), now), writes, () -> ids.next("dlv"));
        if (committed) appended += writes.size();
        return committed;
    }

    private void feed(String key, Drift.Feed feed) {
        SyncSpec.SystemSpec system = spec.systems().get(feed.system());
        JsonNode body = at(system.record(), feed.record());
        String orderingKey = ChangeReader.text(feed.record().at(spec.match()));
        NewMessage message = new NewMessage(ids.next("msg"), system.from(), "reconcile-" + runId + "/" + feed.system() + "/" + key, clock.instant(),
                "application/json", Map.of(), body.toString().getBytes(StandardCharsets.UTF_8), null, EVENT_TYPE);
        // As the sync's routes order its changes: one lane per match key, whatever its case (SyncRoutes).
        store.append(message, List.of(new PlannedDelivery(spec.destination(), RouteSpec.Ordering.foldCase(orderingKey == null ? key : orderingKey),
                false)), () -> ids.next("dlv"));
        appended++;
    }

    /** The system's delete of the record with {@code gone.id()}, as its webhook would have told it. */
    private void gone(String key, Drift.Gone gone) {
        SyncSpec.SystemSpec system = spec.systems().get(gone.system());
        JsonNode body = at(system.record(), at(system.id(), com.fasterxml.jackson.databind.node.TextNode.valueOf(gone.id())));
        NewMessage message = new NewMessage(ids.next("msg"), system.from(), "reconcile-" + runId + "/" + gone.system() + "/" + key + "/delete",
                clock.instant(), "application/json", Map.of(), body.toString().getBytes(StandardCharsets.UTF_8), null, DELETE_TYPE);
        store.append(message, List.of(new PlannedDelivery(spec.destination(), key, false)), () -> ids.next("dlv"));
        appended++;
    }

    /** {@code record} where a change message of the system carries it ({@code ""}: the message is the record). */
    static JsonNode at(String pointer, JsonNode record) {
        if (pointer.isEmpty()) return record;
        ObjectNode root = JSON.createObjectNode();
        ObjectNode at = root;
        String[] parts = pointer.substring(1).split("/", -1);
        for (int i = 0; i < parts.length - 1; i++) at = at.putObject(SyncWrite.unescape(parts[i]));
        at.set(SyncWrite.unescape(parts[parts.length - 1]), record);
        return root;
    }
}
