package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.SnapshotItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A listing read page by page, compared with the last one's snapshot, poll after poll, the snapshot kept as the store
 * keeps it (upserts and removals applied): no store, no socket.
 */
class ItemDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, SnapshotItem> snapshot = new LinkedHashMap<>();

    private static List<JsonNode> listing(String... ids) {
        List<JsonNode> items = new ArrayList<>();
        for (String id : ids) items.add(JSON.createObjectNode().put("id", id).put("name", "n-" + id));
        return items;
    }

    /** One poll of a paged listing: its diff, applied to the snapshot as the poll's commit applies it. */
    private ItemDiff.Diff poll(String... ids) {
        ItemDiff.Diff diff = ItemDiff.of(listing(ids), "/id", Map.copyOf(snapshot), true, null, true);
        diff.removed().forEach(snapshot::remove);
        diff.upserts().forEach(i -> snapshot.put(i.key(), i));
        return diff;
    }

    private static List<String> deleted(ItemDiff.Diff diff) {
        return diff.changes().stream().filter(c -> c.kind() == Change.Kind.DELETED).map(Change::key).toList();
    }

    @Test
    void anItemThatSlidOutOfAPagedListingWhileItWasReadIsNotDeleted() {
        poll("c1", "c2", "c3", "c4", "c5", "c6", "c7");
        // c1 deleted after page 1 (c1, c2, c3) was served: page 2 starts at c5, and c4 is in neither page.
        ItemDiff.Diff shifted = poll("c1", "c2", "c3", "c5", "c6", "c7");
        assertThat(deleted(shifted)).as("c4 was never deleted").isEmpty();
        assertThat(shifted.unconfirmed()).isEqualTo(1);

        ItemDiff.Diff next = poll("c2", "c3", "c4", "c5", "c6", "c7");
        assertThat(next.changes()).as("c4 is back, c1 missing once so far").isEmpty();
        ItemDiff.Diff confirmed = poll("c2", "c3", "c4", "c5", "c6", "c7");
        assertThat(deleted(confirmed)).containsExactly("c1");
        assertThat(snapshot.keySet()).containsExactlyInAnyOrder("c2", "c3", "c4", "c5", "c6", "c7");
    }

    @Test
    void aSinglePageListingDeletesAtOnce() {
        ItemDiff.of(listing("a", "b"), "/id", Map.of(), true, null, false).upserts().forEach(i -> snapshot.put(i.key(), i));
        ItemDiff.Diff diff = ItemDiff.of(listing("a"), "/id", Map.copyOf(snapshot), true, null, false);
        assertThat(deleted(diff)).containsExactly("b");
    }
}
