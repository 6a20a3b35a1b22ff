package dev.junction.server.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Status;
import dev.junction.server.config.WrittenConfig;
import java.io.UncheckedIOException;
import java.util.List;

/** For scripts: every finding with its rule, status, location, why and fix, and the counts. */
final class JsonReport implements CheckFormat.Report {

    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String render(List<Finding> findings, WrittenConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", config.file());
        ObjectNode summary = root.putObject("summary");
        for (Status s : Status.values()) summary.put(s.label(), TextReport.count(findings, s));
        ArrayNode unset = root.putArray("unsetVariables");
        config.unsetVariables().forEach(unset::add);
        ArrayNode items = root.putArray("findings");
        for (Finding f : findings) {
            WrittenConfig.Location at = config.locate(f.path());
            ObjectNode item = items.addObject();
            item.put("rule", f.rule().id()).put("area", f.rule().area().label()).put("title", f.rule().title())
                    .put("status", f.status().label()).put("integration", f.integration()).put("path", f.path());
            item.putObject("location").put("file", at.file()).put("line", at.line()).put("column", at.column());
            item.put("detail", f.detail()).put("why", f.rule().why()).put("fix", f.rule().fix());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
