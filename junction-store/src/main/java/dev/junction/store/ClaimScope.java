package dev.junction.store;

import java.time.Instant;
import java.util.Set;

/**
 * Which due deliveries a claim may take.
 *
 * <p>Never those to the {@code skipped} destinations: the node cannot take more for them now (breaker open,
 * bulkhead and lane full, out of rate). When the node says which destinations it {@code knows} (by name, or by
 * a name's {@code knownPrefix}: outbound endpoints), a delivery to any other destination is taken only once it
 * fell due at or before {@code orphanedBefore}. Nodes of one cluster may run different configs for a while (a
 * rolling deploy that adds a destination): a node that lacks the destination leaves its work to the nodes that
 * have it, and takes it (to dead-letter it, replayable) only when none of them has for that long.
 *
 * @param known          null: every destination is known
 * @param knownPrefix    null: no name is known by its prefix
 * @param orphanedBefore when deliveries to unknown destinations count as nobody's; unused when {@code known} is null
 */
public record ClaimScope(Set<String> skipped, Set<String> known, String knownPrefix, Instant orphanedBefore) {

    public ClaimScope {
        skipped = Set.copyOf(skipped);
        known = known == null ? null : Set.copyOf(known);
        if (known != null && orphanedBefore == null) throw new IllegalArgumentException("known destinations need orphanedBefore");
    }

    /** Every due delivery but those to the skipped destinations. */
    public static ClaimScope everything(Set<String> skipped) {
        return new ClaimScope(skipped, null, null, null);
    }
}
