package dev.junction.store;

/**
 * An item as a polled source last listed it.
 *
 * @param key  the item's key (its id)
 * @param hash the hex SHA-256 of its canonical JSON
 * @param json the item itself, from which the next change's patch is computed
 */
public record SnapshotItem(String key, String hash, String json) {}
