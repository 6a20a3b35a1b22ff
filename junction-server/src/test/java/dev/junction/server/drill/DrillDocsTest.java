package dev.junction.server.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.RepoFiles;
import dev.junction.server.cli.CliRun;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/design-tools.md's drill example is run as written against a receiver that refuses duplicates, and its output
 * compared as it stands, but for what changes from run to run: latencies and event ids.
 */
class DrillDocsTest {

    private static final Pattern EXAMPLE = Pattern.compile("(?s)## `junction drill`.*?```sh\\n(junction drill [^\\n]*)\\n```.*?```text\\n(.*?)```");
    private static final String DOC_URL = "http://127.0.0.1:8000/hooks";

    @Test
    void theDrillShownIsWhatDrillSaysOfAReceiverThatRefusesDuplicates() throws Exception {
        Matcher m = EXAMPLE.matcher(Files.readString(RepoFiles.find("docs/design-tools.md")));
        assertThat(m.find()).as("the drill section's command and output").isTrue();
        try (Receiver receiver = new Receiver(Receiver.Habit.NOT_IDEMPOTENT)) {
            String[] args = Arrays.stream(m.group(1).split(" ")).skip(1)
                    .map(a -> a.equals(DOC_URL) ? receiver.url() : a.equals("\"$ORDERS_SIGNING_SECRET\"") ? Receiver.SECRET : a)
                    .toArray(String[]::new);
            CliRun run = CliRun.run(args);
            assertThat(run.exit()).isEqualTo(1);
            assertThat(steady(run.out().replace(receiver.url(), DOC_URL))).isEqualTo(steady(m.group(2)));
        }
    }

    /** Latencies and event ids blanked. */
    private static String steady(String text) {
        return text.replaceAll("p50 [^,]+, max [^ ]+", "p50 _, max _").replaceAll("drill_[0-9a-f]{32}", "drill_...");
    }
}
