package dev.junction.server.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Status;
import dev.junction.server.config.WrittenConfig;
import java.util.List;
import java.util.Optional;

/**
 * One checklist finding as JSON, the same for {@code junction check --format json} and the admin API: its rule,
 * status, config key and where that is written, what was found, why it matters and how to fix it. The line is
 * named, never quoted: a failing secret-in-file item points at the secret itself.
 */
public final class FindingJson {

    private FindingJson() {}

    /** How many findings passed, warned and failed: {@code {"pass": n, "warn": n, "fail": n}}. */
    public static ObjectNode summary(List<Finding> findings) {
        ObjectNode summary = JsonReport.JSON.createObjectNode();
        for (Status s : Status.values()) summary.put(s.label(), TextReport.count(findings, s));
        return summary;
    }

    /** {@code at}: where the key is written; empty (a null {@code location}) for a config built in code. */
    public static ObjectNode of(Finding f, Optional<WrittenConfig.Location> at) {
        ObjectNode item = JsonReport.JSON.createObjectNode();
        item.put("rule", f.rule().id()).put("area", f.rule().area().label()).put("title", f.rule().title())
                .put("status", f.status().label()).put("integration", f.integration()).put("path", f.path());
        if (at.isPresent()) {
            item.putObject("location").put("file", at.get().file()).put("line", at.get().line()).put("column", at.get().column());
        } else {
            item.putNull("location");
        }
        item.put("detail", f.detail()).put("why", f.rule().why()).put("fix", f.rule().fix());
        return item;
    }
}
