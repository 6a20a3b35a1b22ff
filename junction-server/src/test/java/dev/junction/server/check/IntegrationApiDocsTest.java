package dev.junction.server.check;

import static dev.junction.server.TestGateways.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/design-tools.md shows what the admin API says of its check example's config: the gateway is started on that
 * config (its store moved to a temporary folder, on the same line; a free port added at the end, so no line moves)
 * and the JSON shown must be what it answers.
 */
class IntegrationApiDocsTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("(?s)```json\\n(.*?)```");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theJsonShownIsWhatTheAdminApiAnswersForTheCheckExample() throws Exception {
        String doc = Files.readString(RepoFiles.find("docs/design-tools.md"));
        List<String> yaml = blocks(YAML_BLOCK, doc);
        List<String> json = blocks(JSON_BLOCK, doc);
        String config = yaml.get(1).replace("sqlite:./junction-data/junction.db", "sqlite:" + dir + "/junction.db")
                + "server: { host: 127.0.0.1, port: 0 }\n";
        Path file = Files.writeString(dir.resolve("junction.yaml"), config);

        try (ExplainedGateway g = ExplainedGateway.start(file, GatewayUnderTest.ADMIN_ENV)) {
            assertThat(JSON.readTree(json.get(0))).isEqualTo(answer(g, "/api/v1/integrations"));
            JsonNode billing = answer(g, "/api/v1/integrations/billing");
            assertThat(billing.get("items")).contains(JSON.readTree(json.get(1)));
        }
    }

    /** The answer, with the file named as the docs name it. */
    private JsonNode answer(ExplainedGateway g, String path) throws Exception {
        var r = get(g.port(), path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body().replace(dir + "/", ""));
    }

    private static List<String> blocks(Pattern pattern, String doc) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(doc);
        while (m.find()) found.add(m.group(1));
        return found;
    }
}
