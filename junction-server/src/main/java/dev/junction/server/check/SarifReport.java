package dev.junction.server.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.explain.Checklist;
import dev.junction.core.explain.Finding;
import dev.junction.core.explain.Rule;
import dev.junction.core.explain.Status;
import dev.junction.server.config.WrittenConfig;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * For code scanning (SARIF 2.1.0, what GitHub's and GitLab's scanners upload): every rule in the driver, every
 * finding a result at its line; a fail is an {@code error}, a warn a {@code warning}, a pass a result of kind
 * {@code pass}.
 */
final class SarifReport implements CheckFormat.Report {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    @Override
    public String render(List<Finding> findings, WrittenConfig config) {
        ObjectNode root = JsonReport.JSON.createObjectNode();
        root.put("$schema", SCHEMA).put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "junction check").put("version", "0.1.0");
        List<Rule> rules = Checklist.rules();
        ArrayNode ruleNodes = driver.putArray("rules");
        for (Rule r : rules) {
            ObjectNode rule = ruleNodes.addObject();
            rule.put("id", r.id()).put("name", r.id());
            rule.putObject("shortDescription").put("text", r.title());
            rule.putObject("fullDescription").put("text", r.why());
            rule.putObject("help").put("text", r.fix());
            rule.putObject("properties").putArray("tags").add(r.area().label());
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.rule().id()).put("ruleIndex", rules.indexOf(f.rule()));
            result.put("kind", f.status() == Status.PASS ? "pass" : "fail");
            result.put("level", switch (f.status()) {
                case FAIL -> "error";
                case WARN -> "warning";
                case PASS -> "none";
            });
            result.putObject("message").put("text", (f.integration().isEmpty() ? "" : f.integration() + ": ") + f.detail()
                    + (f.status() == Status.PASS ? "" : ". Fix: " + f.rule().fix()));
            WrittenConfig.Location at = config.locate(f.path());
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", at.file().replace('\\', '/'));
            physical.putObject("region").put("startLine", at.line()).put("startColumn", at.column());
        }
        try {
            return JsonReport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
