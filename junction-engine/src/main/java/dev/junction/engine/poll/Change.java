package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An item new, changed or gone since the last poll.
 *
 * @param item     the item now (for a deletion: as last seen)
 * @param previous the item as last seen, for a change; null otherwise
 * @param hash     the hash of {@code item}'s canonical JSON
 */
record Change(Kind kind, String key, JsonNode item, JsonNode previous, String hash) {

    enum Kind {
        CREATED("item.created"), UPDATED("item.updated"), DELETED("item.deleted");

        final String type;

        Kind(String type) {
            this.type = type;
        }
    }
}
