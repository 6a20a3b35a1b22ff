package dev.junction.server.config;

import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A mapping with a fixed set of allowed keys. Unknown keys fail at construction, before any value is
 * read, so a misspelt optional key ("tolerence") is reported instead of silently falling back to a default.
 */
final class Section {

    private final Values values;
    private final MapNode map;

    Section(Values values, Node node, List<String> allowed) {
        this.values = values;
        this.map = values.map(node);
        for (Map.Entry<String, Node> e : map.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw values.errorAtKey(e.getValue(),
                        "unknown key '" + e.getKey() + "' (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    MapNode node() {
        return map;
    }

    Values values() {
        return values;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** The value under {@code key}, or null when absent or written without a value ({@code key:} / {@code ~}). */
    Node get(String key) {
        Node n = map.entries().get(key);
        return n instanceof ScalarNode s && s.isNull() ? null : n;
    }

    Node require(String key) {
        Node n = map.entries().get(key);
        if (n == null) {
            String where = map.path().isEmpty() ? "missing required top-level key '" : "missing required key '";
            throw values.error(map.keyPos(), map.path(), where + key + "'");
        }
        if (n instanceof ScalarNode s && s.isNull()) throw values.errorAtKey(n, "has no value");
        return n;
    }

    String string(String key, String fallback) {
        Node n = get(key);
        return n == null ? fallback : values.nonBlank(n);
    }

    /** A value that may be left empty to mean none ({@code "${VAR:-}"} for an optional variable): null when absent or empty. */
    String optionalString(String key) {
        Node n = get(key);
        if (n == null) return null;
        String s = values.text(n);
        return s.isEmpty() ? null : s;
    }

    String requireString(String key) {
        return values.nonBlank(require(key));
    }

    int integer(String key, int fallback, int min, int max) {
        Node n = get(key);
        return n == null ? fallback : values.integer(n, min, max);
    }

    double decimal(String key, double fallback) {
        Node n = get(key);
        return n == null ? fallback : values.decimal(n);
    }

    boolean bool(String key, boolean fallback) {
        Node n = get(key);
        return n == null ? fallback : values.bool(n);
    }

    Duration duration(String key, Duration fallback) {
        Node n = get(key);
        return n == null ? fallback : values.duration(n);
    }

    Duration durationOrZero(String key, Duration fallback) {
        Node n = get(key);
        return n == null ? fallback : values.durationOrZero(n);
    }

    long size(String key, long fallback) {
        Node n = get(key);
        return n == null ? fallback : values.size(n);
    }
}
