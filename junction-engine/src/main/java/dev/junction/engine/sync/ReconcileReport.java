package dev.junction.engine.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one reconciliation of a sync found: how many records it compared and how many every system had as agreed
 * (their ratio is {@code junction_sync_consistency_ratio}), how many records each system listed, and what differed.
 * A system whose listing failed is named in {@code failed}; its records count as not consistent, and nothing of it is
 * repaired. A system whose listing looked cut short, so its missing records were neither written again nor deleted, is
 * named in {@code withheld}, with why.
 *
 * @param findings the first {@link #KEPT} findings; {@code counts} has them all, by kind and action
 */
public record ReconcileReport(String id, String sync, String node, Instant startedAt, Instant finishedAt, long records, long consistent,
                              Map<String, Integer> listed, Map<String, String> failed, Map<String, Long> counts, List<Finding> findings,
                              Map<String, String> withheld) {

    /** Findings kept in a report: the counts cover the rest. */
    public static final int KEPT = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ReconcileReport {
        listed = Map.copyOf(listed);
        failed = Map.copyOf(failed);
        withheld = Map.copyOf(withheld);
        counts = Map.copyOf(counts);
        findings = List.copyOf(findings);
    }

    /** Records consistent in every system over records compared; 1 when there are none. */
    public double ratio() {
        return ratio(records, consistent);
    }

    /** {@code consistent / records}, 1 when there are none: {@code junction_sync_consistency_ratio}. */
    static double ratio(long records, long consistent) {
        return records == 0 ? 1.0 : (double) consistent / records;
    }

    /** How many findings of this kind the run had. */
    public long count(Finding.Kind kind) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(kind.label() + "/")).mapToLong(Map.Entry::getValue).sum();
    }

    /** How many findings ended in this action. */
    public long count(Finding.Action action) {
        return counts.entrySet().stream().filter(e -> e.getKey().endsWith("/" + action.label())).mapToLong(Map.Entry::getValue).sum();
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("sync", sync).put("node", node)
                .put("started_at", startedAt.toString()).put("finished_at", finishedAt.toString())
                .put("records", records).put("consistent", consistent).put("ratio", ratio());
        ObjectNode l = root.putObject("listed");
        new TreeMap<>(listed).forEach(l::put);
        ObjectNode f = root.putObject("failed");
        new TreeMap<>(failed).forEach(f::put);
        if (!withheld.isEmpty()) {
            ObjectNode w = root.putObject("withheld");
            new TreeMap<>(withheld).forEach(w::put);
        }
        ObjectNode c = root.putObject("counts");
        new TreeMap<>(counts).forEach(c::put);
        ArrayNode items = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode n = items.addObject().put("key", finding.key()).put("system", finding.system()).put("kind", finding.kind().label())
                    .put("action", finding.action().label());
            finding.fields().forEach(n.putArray("fields")::add);
            if (finding.waiting() != null) n.put("waiting", finding.waiting());
        }
        return root;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reconciliation report did not serialise", e);
        }
    }

    public static ReconcileReport read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored reconciliation report is not JSON", e);
        }
        Map<String, Integer> listed = new TreeMap<>();
        root.path("listed").properties().forEach(e -> listed.put(e.getKey(), e.getValue().asInt()));
        Map<String, String> failed = new TreeMap<>();
        root.path("failed").properties().forEach(e -> failed.put(e.getKey(), e.getValue().asText()));
        Map<String, String> withheld = new TreeMap<>();
        root.path("withheld").properties().forEach(e -> withheld.put(e.getKey(), e.getValue().asText()));
        Map<String, Long> counts = new TreeMap<>();
        root.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        List<Finding> findings = new ArrayList<>();
        for (JsonNode n : root.path("findings")) {
            List<String> fields = new ArrayList<>();
            n.path("fields").forEach(x -> fields.add(x.asText()));
            findings.add(new Finding(n.path("key").asText(), n.path("system").asText(), Finding.Kind.valueOf(n.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                    fields, Finding.Action.valueOf(n.path("action").asText().toUpperCase(java.util.Locale.ROOT)), n.path("waiting").asText(null)));
        }
        return new ReconcileReport(root.path("id").asText(), root.path("sync").asText(), root.path("node").asText(),
                Instant.parse(root.path("started_at").asText()), Instant.parse(root.path("finished_at").asText()), root.path("records").asLong(),
                root.path("consistent").asLong(), listed, failed, counts, findings, withheld);
    }

    /** What a finding that wrote nothing waits on, and how to let it through; empty for any other. */
    private static String waiting(Finding f) {
        if (f.action() == Finding.Action.BLOCKED) {
            return ": its writes there wait behind dead letter " + f.waiting() + " (replay it: dlq replay --id " + f.waiting()
                    + "; or purge it: dlq purge --id " + f.waiting() + ")";
        }
        if (f.action() == Finding.Action.QUEUED) return ": write " + f.waiting() + " is on its way there";
        return "";
    }

    /** The report as the CLI prints it: a summary, then one line per finding. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "sync %s: %d record(s), %d consistent in every system (%.2f%%), in %d ms (reconciliation %s)%n",
                sync, records, consistent, ratio() * 100, Duration.between(startedAt, finishedAt).toMillis(), id));
        new TreeMap<>(listed).forEach((system, n) -> b.append("  ").append(system).append(": ").append(n).append(" record(s) listed")
                .append(failed.containsKey(system) ? ", listing failed: " + failed.get(system) : "")
                .append(withheld.containsKey(system) ? ", its missing records neither written nor deleted: " + withheld.get(system) : "")
                .append(System.lineSeparator()));
        failed.forEach((system, why) -> {
            if (!listed.containsKey(system)) b.append("  ").append(system).append(": listing failed: ").append(why).append(System.lineSeparator());
        });
        for (Finding f : findings) {
            b.append("  ").append(f.key()).append(" @ ").append(f.system()).append(": ").append(f.kind().label())
                    .append(f.fields().isEmpty() ? "" : " " + String.join(",", f.fields())).append(" -> ").append(f.action().label())
                    .append(waiting(f)).append(System.lineSeparator());
        }
        long more = counts.values().stream().mapToLong(Long::longValue).sum() - findings.size();
        if (more > 0) b.append("  ... and ").append(more).append(" more finding(s)").append(System.lineSeparator());
        return b.toString();
    }
}
