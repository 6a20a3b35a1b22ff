package dev.junction.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.outbound.JsonSchemas;
import dev.junction.server.cli.CliRun;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The machine formats: SARIF that fits SARIF 2.1.0's required shape, JUnit XML a CI server reads. */
class CheckFormatsTest {

    @TempDir Path dir;

    /** Two failures (a secret in the file, no retry), one warning (no SLO on route 0). */
    private String failing() {
        return Checked.PASSING.replace("${STRIPE_WEBHOOK_SECRET}", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .replace("max-attempts: 8", "max-attempts: 1").replace("    slo: 1m\n", "");
    }

    @Test
    void sarifFitsTheSarif210ShapeAndPointsAtTheLines() throws Exception {
        CliRun run = Checked.run(dir, failing(), "sarif");
        assertThat(run.exit()).isEqualTo(1);

        JsonSchemas schemas = new JsonSchemas();
        String schema = Files.readString(Path.of(getClass().getResource("/check/sarif-2.1.0-required.schema.json").toURI()));
        assertThat(schemas.violations(schemas.compile(schema), run.out())).isEmpty();

        JsonNode sarif = new ObjectMapper().readTree(run.out());
        JsonNode results = sarif.get("runs").get(0).get("results");
        JsonNode rules = sarif.get("runs").get(0).get("tool").get("driver").get("rules");
        int errors = 0;
        for (JsonNode r : results) {
            assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(r.get("ruleId").asText());
            if (r.get("level").asText().equals("error")) {
                errors++;
                assertThat(r.get("kind").asText()).isEqualTo("fail");
            }
        }
        assertThat(errors).isEqualTo(2);
        JsonNode secret = null;
        for (JsonNode r : results) if (r.get("ruleId").asText().equals("secret-in-file") && r.get("level").asText().equals("error")) secret = r;
        JsonNode region = secret.get("locations").get(0).get("physicalLocation").get("region");
        assertThat(region.get("startLine").asInt()).isEqualTo(4);
        assertThat(secret.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText()).endsWith("junction.yaml");
    }

    @Test
    void aReportMissingARequiredPropertyDoesNotFitTheSchema() throws Exception {
        JsonSchemas schemas = new JsonSchemas();
        String schema = Files.readString(Path.of(getClass().getResource("/check/sarif-2.1.0-required.schema.json").toURI()));
        String noDriverName = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},\"results\":[{\"message\":{\"text\":\"x\"}}]}]}";
        String noMessage = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},\"results\":[{\"ruleId\":\"r\"}]}]}";

        assertThat(schemas.violations(schemas.compile(schema), noDriverName)).isNotEmpty();
        assertThat(schemas.violations(schemas.compile(schema), noMessage)).isNotEmpty();
    }

    @Test
    void junitXmlHasAFailurePerFailedItemAndTheWarningsInSystemOut() throws Exception {
        CliRun run = Checked.run(dir, failing(), "junit");
        assertThat(run.exit()).isEqualTo(1);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(cases.getLength()));
        NodeList failures = suite.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        Element retry = (Element) failures.item(1).getParentNode();
        assertThat(retry.getAttribute("classname")).isEqualTo("junction.check.reliability.retry");
        assertThat(retry.getAttribute("name")).isEqualTo("billing: destinations.billing.retry.max-attempts");
        assertThat(failures.item(1).getTextContent()).contains("why: Most delivery failures are transient", "fix: Set retry");
        assertThat(suite.getElementsByTagName("system-out").item(0).getTextContent()).startsWith("WARN ").contains("route 0 (stripe to billing) states no slo");
        assertThat(run.out()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
