package dev.junction.server.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.explain.Finding;
import dev.junction.server.config.WrittenConfig;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** For scripts: every finding with its rule, status, location, why and fix, and the counts. */
final class JsonReport implements CheckFormat.Report {

    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String render(List<Finding> findings, WrittenConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", config.file());
        root.set("summary", FindingJson.summary(findings));
        ArrayNode unset = root.putArray("unsetVariables");
        config.unsetVariables().forEach(unset::add);
        ArrayNode items = root.putArray("findings");
        for (Finding f : findings) items.add(FindingJson.of(f, Optional.of(config.locate(f.path()))));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
