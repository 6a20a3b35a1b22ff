package dev.junction.server.config;

import dev.junction.core.config.BatchSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.util.Arrays;
import java.util.List;

/** Reads a destination's {@code batch:} block into a {@link BatchSpec}. */
final class BatchReader {

    private static final List<String> BATCH_KEYS = List.of("max", "within", "format", "results");
    private static final List<String> RESULTS_KEYS = List.of("array", "status");

    private final Values values;

    BatchReader(Values values) {
        this.values = values;
    }

    /** {@code batch: { max: 100, within: 2s, format: json, results: /results }} of a destination of this kind. */
    BatchSpec read(Node node, DestinationSpec.Kind kind) {
        if (kind != DestinationSpec.Kind.HTTP) {
            throw values.errorAtKey(node, "batches are for http:// and https:// destinations (a broker takes one message per publish)");
        }
        Section s = new Section(values, node, BATCH_KEYS);
        int max = s.integer("max", 100, 1, BatchSpec.MAX_ITEMS);
        return new BatchSpec(max, s.duration("within", BatchSpec.DEFAULT_WITHIN), s.has("format") ? format(s.get("format")) : null,
                s.has("results") ? results(s.get("results")) : null);
    }

    private BatchSpec.Format format(Node node) {
        String text = values.nonBlank(node).strip();
        for (BatchSpec.Format f : BatchSpec.Format.values()) if (f.configName().equals(text)) return f;
        throw values.error(node, Values.show(node, text) + " is not a batch format (use one of: "
                + String.join(", ", Arrays.stream(BatchSpec.Format.values()).map(BatchSpec.Format::configName).toList()) + ")");
    }

    /** {@code results: /items}, or {@code results: { array: /items, status: /index/status }}. */
    private BatchSpec.Results results(Node node) {
        if (node instanceof ScalarNode) return new BatchSpec.Results(values.jsonPointer(node, "/results", false), null);
        Section s = new Section(values, node, RESULTS_KEYS);
        return new BatchSpec.Results(values.jsonPointer(s.require("array"), "/results", false),
                s.has("status") ? values.jsonPointer(s.get("status"), "/status", false) : null);
    }
}
