package dev.junction.server.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.server.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction new} used as a person would: started in a terminal (tmux), answered key by key, a wrong answer
 * explained and asked again, Enter taking a default; the file it writes passes {@code junction check}.
 */
class WizardTerminalTest {

    @TempDir Path dir;

    @Test
    void aPersonAnswersTheWizardInATerminalAndGetsAConfigThatPassesCheck() throws Exception {
        boolean tmux = Terminal.available();
        if (!tmux) System.out.println("*** Terminal test SKIPPED (junction new): no tmux. To run it: apt-get install tmux ***");
        assumeTrue(tmux, "tmux is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (Terminal t = new Terminal(dir, List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.junction.server.cli.JunctionCli", "new"))) {
            String first = t.waitFor("Preset [stripe]: ");
            assertThat(first).contains("Step 1 of 3: what kind of integration is it?", "pull, Junction reads the provider's calendar: airbnb, booking, vrbo");

            t.answer("githib");
            t.waitFor("! unknown preset 'githib' (one of: stripe, github, slack, shopify, airbnb, booking, vrbo, generic)");
            t.answer("github");
            assertThat(t.waitFor("Source name [github]: "))
                    .contains("Step 2 of 3: the guarantee. Into Junction: effectively-once, X-GitHub-Delivery is the dedupe key");
            t.answer("");
            t.waitFor("Destination name [app]: ");
            t.answer("ci");
            t.waitFor("Its URL (https; ${VAR} reads it from the environment) [${CI_WEBHOOK_URL}]: ");
            t.answer("");
            t.waitFor("How soon must an event arrive (slo) [1m]: ");
            t.answer("30s");
            t.waitFor("Timeout of one attempt [10s]: ");
            t.answer("45s");
            t.waitFor("! must be shorter than the slo, or an attempt could miss it");
            t.answer("5s");
            t.waitFor("Attempts before a dead letter (2-25) [8]: ");
            t.answer("five");
            t.waitFor("! \"five\" is not a whole number");
            t.answer("5");
            t.waitFor("Requests per second the endpoint takes [50]: ");
            t.answer("");
            t.waitFor("Alerts webhook URL [${ALERTS_WEBHOOK_URL}]: ");
            t.answer("");
            t.waitFor("Write to [junction.yaml]: ");
            t.answer("");
            assertThat(t.waitFor("[exit 0]")).contains("Wrote junction.yaml. Next: junction check --config junction.yaml");
        }

        Path file = dir.resolve("junction.yaml");
        String yaml = Files.readString(file);
        assertThat(yaml).contains("  github:\n", "scheme: github", "  ci:\n", "url: \"${CI_WEBHOOK_URL}\"", "timeout: 5s", "max-attempts: 5", "slo: 30s");
        CliRun check = CliRun.run("check", "--config", file.toString());
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("0 failed, 0 warned");
    }
}
