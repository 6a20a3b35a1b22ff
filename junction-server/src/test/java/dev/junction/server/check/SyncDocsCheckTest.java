package dev.junction.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/sync.md says its examples are the least that runs: {@code junction check} fails each on where alerts go (the
 * {@code alerts} item, and {@code dead-letters-alerted} for each system's API) and on nothing else; with alerts, on nothing.
 */
class SyncDocsCheckTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");
    /** A system's {@code to:}, the destination that is its API. */
    private static final Pattern SYSTEM_API = Pattern.compile("(?m)^ +to: ([\\w.-]+)");
    private static final String ALERTS = "alerts: { url: \"https://alerts.example.com/hooks\" }\n";

    @TempDir Path dir;

    @Test
    void everySyncExampleFailsOnlyOnWhereAlertsGoAsTheDocsSay() throws IOException {
        String doc = Files.readString(RepoFiles.find("docs/sync.md"));
        assertThat(doc).contains("`junction check --config sync.yaml` fails it\n(`alerts`, and `dead-letters-alerted` for each system's API)"
                + " until it says where alerts go (`alerts:`)");
        List<String> examples = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(doc);
        while (m.find()) if (m.group(1).contains("syncs:")) examples.add(m.group(1));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);

        for (String yaml : examples) {
            Checked checked = Checked.of(dir, yaml);
            assertThat(checked.run().exit()).isEqualTo(1);
            List<String> failed = new ArrayList<>();
            checked.report().get("findings").forEach(f -> {
                if (f.get("status").asText().equals("fail")) failed.add(f.get("rule").asText() + " " + f.get("integration").asText());
            });
            List<String> expected = new ArrayList<>(List.of("alerts "));
            Matcher api = SYSTEM_API.matcher(yaml);
            while (api.find()) expected.add("dead-letters-alerted " + api.group(1));
            assertThat(expected).as("an example has at least two systems").hasSizeGreaterThanOrEqualTo(3);
            assertThat(failed).as(yaml).containsExactlyInAnyOrderElementsOf(expected);

            Checked alerted = Checked.of(dir, yaml + ALERTS);
            assertThat(alerted.run().exit()).as(alerted.run().out()).isZero();
        }
    }
}
