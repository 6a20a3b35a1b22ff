package dev.junction.engine.sync;

import dev.junction.core.config.SyncSpec.Rule;
import java.time.Instant;

/** How a conflicting edit of one field is settled by its rule: the edit wins, the agreed value stays, or a person decides. */
enum Settlement {
    EDIT_WINS, AGREED_STAYS, REVIEW;

    /**
     * Settles {@code rule} between the agreed value and an edit by {@code system} stamped {@code editedAt}.
     * Last writer wins: clocks of different systems disagree by up to the skew, so an edit loses only when it is more
     * than the skew older than the agreed value; within it, the edit Junction heard last wins.
     */
    static Settlement of(Rule rule, FieldValue agreed, String system, Instant editedAt) {
        return switch (rule) {
            case Rule.Review r -> REVIEW;
            case Rule.LastWriterWins lww -> editedAt.isBefore(agreed.at().minus(lww.skew())) ? AGREED_STAYS : EDIT_WINS;
            case Rule.Priority p -> rank(p, system) <= rank(p, agreed.system()) ? EDIT_WINS : AGREED_STAYS;
        };
    }

    private static int rank(Rule.Priority p, String system) {
        int at = p.systems().indexOf(system);
        return at < 0 ? p.systems().size() : at;
    }
}
