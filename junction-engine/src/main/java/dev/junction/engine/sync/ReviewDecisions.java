package dev.junction.engine.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.store.NewEntry;
import dev.junction.store.SyncStates;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.SyncStates.SyncReview;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A person's decision of a review item: the agreed value kept, the proposed one taken, or an edited one. The decided
 * value becomes the agreed one, the field is released, and every system whose copy now differs is written, through
 * the sync step's own planning ({@link SyncStep#decide}) and its writes ({@link SyncWrite}), committed in one store
 * transaction with the decision kept in the item. A decision that lost a race with a step is worked out again.
 */
public final class ReviewDecisions {

    /** Which side the person took. */
    public enum Pick {
        AGREED, PROPOSED, EDITED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What deciding did. */
    public sealed interface Result {
        /** Decided; {@code writes}: the systems written. */
        record Decided(SyncReview review, List<String> writes) implements Result {}

        record NotFound() implements Result {}

        record AlreadyDecided(SyncReview review) implements Result {}

        /** The record was deleted everywhere ({@code deletes: propagate}): nothing is left to decide. */
        record Deleted(String system, java.time.Instant at) implements Result {}

        /** Refused: {@code badValue} true when the value itself is unusable (400), false when the record's state forbids it (409). */
        record Refused(boolean badValue, String why) implements Result {}
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = 5;

    private final Map<String, SyncSpec> syncs;
    private final SyncStates store;
    private final Clock clock;
    private final Ids ids;
    private final Runnable newWork;

    ReviewDecisions(Map<String, SyncSpec> syncs, SyncStates store, Clock clock, Ids ids, Runnable newWork) {
        this.syncs = syncs;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.newWork = newWork;
    }

    /** @param edited the value given, for {@link Pick#EDITED} only (JSON null clears the field) */
    public Result decide(String sync, String reviewId, Pick pick, JsonNode edited, String decidedBy) {
        SyncSpec spec = syncs.get(sync);
        Optional<SyncReview> found = spec == null ? Optional.empty() : store.syncReview(sync, reviewId);
        if (found.isEmpty()) return new Result.NotFound();
        SyncReview review = found.get();
        if (!review.open()) return new Result.AlreadyDecided(review);
        SyncStep step = new SyncStep(spec);
        for (int run = 1; run <= RUNS; run++) {
            Optional<SyncRecordRow> row = store.syncRecord(sync, review.key());
            if (row.isEmpty()) return new Result.NotFound();
            SyncRecord record = SyncRecordJson.read(row.get().state());
            if (record.isDeleted()) return new Result.Deleted(record.deleted().system(), record.deleted().at());
            Instant now = clock.instant();
            FieldValue current = record.agreed().get(review.field());
            FieldValue decided = switch (pick) {
                case AGREED -> null;
                case PROPOSED -> new FieldValue(parse(review.proposed()), review.fromSystem(), now);
                case EDITED -> new FieldValue(edited, "review:" + decidedBy, now);
            };
            JsonNode value = decided != null ? decided.value() : current == null ? null : current.value();
            if (decided != null && review.field().equals(spec.match()) && (current == null || !decided.value().equals(current.value()))) {
                Optional<Result> refused = matchKeyChange(spec, row.get(), decided.value());
                if (refused.isPresent()) return refused.get();
            }
            SyncStep.Result result = step.decide(record, review.field(), decided);
            long version = row.get().version();
            List<NewEntry> writes = new ArrayList<>();
            result.writes().forEach((system, fields) -> writes.add(new SyncWrite(sync, system, review.key(), fields)
                    .entry(spec, "review:" + review.id(), version, null, now, ids)));
            SyncStates.Decided outcome = store.decideSync(
                    new SyncStates.SyncCommit(sync, review.key(), version, SyncRecordJson.write(result.next()), Map.of(), List.of(), now),
                    new SyncStates.SyncDecision(review.id(), review.field(), pick.label(), value == null ? null : value.toString(), decidedBy, now),
                    writes, () -> ids.next("dlv"));
            switch (outcome) {
                case DECIDED -> {
                    if (!writes.isEmpty()) newWork.run();
                    return new Result.Decided(store.syncReview(sync, review.id()).orElseThrow(), List.copyOf(result.writes().keySet()));
                }
                case ALREADY_DECIDED -> {
                    return new Result.AlreadyDecided(store.syncReview(sync, review.id()).orElseThrow());
                }
                case VERSION_MOVED -> {
                    // a step committed meanwhile: decide again over the record as it is now
                }
            }
        }
        throw new IllegalStateException("the record changed under " + RUNS + " decisions in a row; ask again");
    }

    /**
     * A new value of the match field. The record keeps its key in Junction (ADR 0027), and each system finds it by its
     * id in the crosswalk; a system without one would look the record up by the old key and miss it, so the change is
     * refused until every system has an id. The value must be one a lookup can search by, and no other record's key.
     */
    private Optional<Result> matchKeyChange(SyncSpec spec, SyncRecordRow row, JsonNode value) {
        String text = ChangeReader.text(value);
        if (text == null) {
            return Optional.of(new Result.Refused(true, "the match field " + spec.match() + " needs a non-empty string or number"));
        }
        if (!text.equals(row.key()) && store.syncRecord(spec.name(), text).isPresent()) {
            return Optional.of(new Result.Refused(false, "another record has the match key '" + text + "': two records cannot share one"));
        }
        for (String system : spec.systems().keySet()) {
            SyncStates.SyncLink link = row.links().get(system);
            if (link == null || link.systemId() == null) {
                return Optional.of(new Result.Refused(false, "the match key cannot change while " + system
                        + " has no id for this record in the crosswalk: its next write would look the record up by the key"
                        + " and not find it; decide again once every system has an id"));
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored review value is not JSON", e);
        }
    }
}
