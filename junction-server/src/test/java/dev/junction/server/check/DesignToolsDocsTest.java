package dev.junction.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.explain.Checklist;
import dev.junction.core.explain.Rule;
import dev.junction.server.RepoFiles;
import dev.junction.server.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/design-tools.md shows what the commands print: its examples are run here and compared as they stand. */
class DesignToolsDocsTest {

    private static final Pattern BLOCK = Pattern.compile("(?s)```(yaml|text)\\n(.*?)```");

    @TempDir Path dir;
    private String doc;
    private List<String> blocks;

    @BeforeEach
    void read() throws Exception {
        doc = Files.readString(RepoFiles.find("docs/design-tools.md"));
        blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) blocks.add(m.group(2));
    }

    /** Runs a command in {@code dir} and shows the file as the docs name it. */
    private String run(String... args) {
        String out = CliRun.run(args).out();
        return out.replace(dir + "/", "");
    }

    @Test
    void theStripeConfigShownIsWhatJunctionNewWrites() {
        assertThat(blocks.get(0)).isEqualTo(run("new", "--preset", "stripe"));
    }

    @Test
    void theCheckOutputShownIsWhatCheckSaysOfTheConfigShown() throws Exception {
        Path file = Files.writeString(dir.resolve("junction.yaml"), blocks.get(1));

        assertThat(blocks.get(2)).isEqualTo(run("check", "--config", file.toString()));
    }

    @Test
    void theScheduleShownIsWhatExplainPrintsForTheFixedConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("junction.yaml"),
                blocks.get(1).replace("max-attempts: 1", "max-attempts: 5").replace("timeout: 30s", "timeout: 5s"));

        assertThat(run("explain", "--config", file.toString(), "billing")).contains(blocks.get(3));
    }

    @Test
    void theTableListsEveryRuleWithItsAreaAndTitle() {
        for (Rule r : Checklist.rules()) {
            assertThat(doc).contains("| `" + r.id() + "` | " + r.area().label() + " | " + r.title() + " |");
        }
    }
}
