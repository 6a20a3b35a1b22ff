package dev.junction.engine.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.junction.store.SnapshotItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A listing compared with the snapshot of the last: what is new, what changed (by the hash of the item's canonical
 * JSON, keys sorted, so a reordered object is no change) and, for a full listing only, what is gone.
 */
final class ItemDiff {

    /**
     * The changes, what the snapshot becomes, how many deletions the guard withheld (then none are in changes), how
     * many items the snapshot held before, and the items skipped for want of an id ({@code firstSkipped}: the first's
     * place in the listing, from 1; 0 when none).
     */
    record Diff(List<Change> changes, List<SnapshotItem> upserts, List<String> removed, int items, int withheld, int known,
                int skipped, int firstSkipped, int unconfirmed) {
        Diff(List<Change> changes, List<SnapshotItem> upserts, List<String> removed, int items) {
            this(changes, upserts, removed, items, 0, 0, 0, 0, 0);
        }
    }

    /**
     * A snapshot row that marks an item missing from the last listing, whose deletion waits for a second one: the item's
     * key after this prefix (a control character no API's id starts with).
     */
    static final String MISSING = "\u001fmissing:";

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ItemDiff() {}

    /**
     * @param full true when the listing holds every item (not filtered by a cursor): only then is an item missing
     *             from it deleted
     */
    static Diff of(List<JsonNode> listed, String idPointer, Map<String, SnapshotItem> snapshot, boolean full) {
        return of(listed, idPointer, snapshot, full, null, false);
    }

    /**
     * @param guard when not null, a full listing that would delete more than it allows at once, or that is empty where
     *              items were known, has its deletions withheld: the items stay in the snapshot, and a later listing (or
     *              one taken with the guard off) decides
     *
     * <p>An item without an id (missing, null, empty, not a value) cannot be keyed: it is skipped, and counted, rather
     * than failing every poll and holding back every other item's changes. While any is skipped, nothing is deleted:
     * an item whose id went missing would otherwise look deleted.
     *
     * @param confirm an item missing from this listing is deleted only when it was missing from the last one too (a
     *                listing read page by page: an item deleted after page 1 shifts the next pages, and the item that
     *                slid back onto page 1 is missing from this listing without being gone)
     */
    static Diff of(List<JsonNode> listed, String idPointer, Map<String, SnapshotItem> all, boolean full,
                   dev.junction.core.config.PollSpec.MassRemoval guard, boolean confirm) {
        Map<String, SnapshotItem> snapshot = new LinkedHashMap<>();
        java.util.Set<String> marked = new java.util.HashSet<>();
        all.forEach((key, item) -> {
            if (key.startsWith(MISSING)) marked.add(key.substring(MISSING.length()));
            else snapshot.put(key, item);
        });
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        int skipped = 0;
        int firstSkipped = 0;
        for (int i = 0; i < listed.size(); i++) {
            JsonNode item = listed.get(i);
            JsonNode id = item.at(idPointer);
            if (!id.isValueNode() || id.isNull() || id.asText().isEmpty()) {
                if (skipped++ == 0) firstSkipped = i + 1;
                continue;
            }
            byKey.put(id.asText(), item); // listed twice (it moved between pages while they were read): the later copy wins
        }
        List<Change> changes = new ArrayList<>();
        List<SnapshotItem> upserts = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        // Listed again: no longer missing.
        for (String key : marked) if (byKey.containsKey(key) || !snapshot.containsKey(key)) removed.add(MISSING + key);
        for (Map.Entry<String, JsonNode> e : byKey.entrySet()) {
            String json = canonical(e.getValue());
            String hash = sha256(json);
            SnapshotItem seen = snapshot.get(e.getKey());
            if (seen != null && seen.hash().equals(hash)) continue;
            upserts.add(new SnapshotItem(e.getKey(), hash, json));
            changes.add(seen == null ? new Change(Change.Kind.CREATED, e.getKey(), e.getValue(), null, hash)
                    : new Change(Change.Kind.UPDATED, e.getKey(), e.getValue(), parse(seen.json()), hash));
        }
        int unconfirmed = 0;
        if (full && skipped == 0) {
            List<String> gone = new ArrayList<>();
            for (SnapshotItem seen : snapshot.values()) {
                if (!byKey.containsKey(seen.key())) gone.add(seen.key());
            }
            // An empty listing where items were known is the commonest lying answer (an API's 200 after a failed login or
            // a glitch): held whatever the count, as a calendar that comes back empty is.
            boolean empty = byKey.isEmpty() && !gone.isEmpty();
            if (guard != null && (empty || guard.exceeded(gone.size(), snapshot.size()))) {
                return new Diff(changes, upserts, removed, byKey.size(), gone.size(), snapshot.size(), 0, 0, 0);
            }
            for (String key : gone) {
                if (confirm && !marked.contains(key)) {
                    upserts.add(new SnapshotItem(MISSING + key, "missing", "{}"));
                    unconfirmed++;
                    continue;
                }
                SnapshotItem seen = snapshot.get(key);
                changes.add(new Change(Change.Kind.DELETED, seen.key(), parse(seen.json()), null, seen.hash()));
                removed.add(key);
                if (marked.contains(key)) removed.add(MISSING + key);
            }
        }
        return new Diff(changes, upserts, removed, byKey.size(), 0, snapshot.size(), skipped, firstSkipped, unconfirmed);
    }

    static String canonical(JsonNode item) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(item, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed item did not serialise", e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return CANONICAL.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored snapshot item is not JSON", e);
        }
    }

    private static String sha256(String json) {
        return HexFormat.of().formatHex(ListingReader.sha256().digest(json.getBytes(StandardCharsets.UTF_8)));
    }
}
