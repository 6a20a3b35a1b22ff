package dev.junction.server.cli;

import dev.junction.core.explain.ProviderPreset;
import dev.junction.server.design.Choices;
import dev.junction.server.design.ConfigFragment;
import dev.junction.server.design.Wizard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code junction new}: a config for one integration, with safe defaults and a comment on each choice. With
 * {@code --preset} it asks nothing (for scripts); without, it asks in the terminal.
 */
@Command(name = "new", description = "Write a config for a new integration, with safe defaults and a comment on each choice.")
final class NewCommand implements Callable<Integer> {

    @Option(names = "--preset", description = "stripe, github, slack, shopify, airbnb, booking, vrbo or generic; without it, the wizard asks.")
    String preset;

    @Option(names = "--source", description = "The source's name (default: the preset's).") String source;
    @Option(names = "--to", description = "The destination's name (default: " + Choices.DEFAULT_DESTINATION + ").") String destination;
    @Option(names = "--url", description = "The destination's URL (default: $${<TO>_WEBHOOK_URL}).") String url;
    @Option(names = "--slo", description = "How soon an event should arrive (default: 1m).") String slo;
    @Option(names = "--timeout", description = "One attempt's budget, below the slo (default: 10s).") String timeout;
    @Option(names = "--attempts", description = "Attempts before a dead letter, 2 to 25 (default: 8).") Integer attempts;
    @Option(names = "--rate-limit", description = "Requests per second a webhook source takes (default: 50).") Integer rateLimit;
    @Option(names = "--alerts-url", description = "Where alerts go (default: $${ALERTS_WEBHOOK_URL}).") String alertsUrl;
    @Option(names = "--signature-header", description = "generic: the header with the signature (default: X-Signature).") String header;
    @Option(names = "--id-pointer", description = "generic: JSON pointer to each event's id (default: /id).") String pointer;
    @Option(names = {"-o", "--output"}, description = "The file to write; without it (and without the wizard), standard output.") Path output;
    @Option(names = "--force", description = "Replace the output file if it exists.") boolean force;

    @Override
    public Integer call() {
        if (preset == null) {
            Wizard.Answers answers = new Wizard(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out)
                    .run(output == null ? "junction.yaml" : output.toString(), answer -> {
                        String refused = refusal(Path.of(answer));
                        if (refused != null) throw new IllegalArgumentException(refused);
                    });
            return write(ConfigFragment.of(answers.choices()), Path.of(answers.file()));
        }
        String yaml = ConfigFragment.of(fromFlags(ProviderPreset.of(preset)));
        if (output == null) {
            System.out.print(yaml);
            return 0;
        }
        return write(yaml, output);
    }

    private Choices fromFlags(ProviderPreset p) {
        Choices d = Choices.defaults(p);
        String to = destination != null ? destination : d.destination();
        return new Choices(p, source != null ? source : d.source(), to, url != null ? url : Choices.urlVariable(to),
                slo != null ? Choices.duration("--slo", slo) : d.slo(), timeout != null ? Choices.duration("--timeout", timeout) : d.timeout(),
                attempts != null ? attempts : d.attempts(), rateLimit != null ? rateLimit : d.rateLimit(),
                alertsUrl != null ? alertsUrl : d.alertsUrl(), header != null ? header : d.signatureHeader(),
                pointer != null ? pointer : d.dedupePointer());
    }

    /** Why {@code file} cannot be written, or null when it can. */
    private String refusal(Path file) {
        if (Files.exists(file) && !force) return file + " exists; choose another file, or add --force to replace it";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) return "the directory " + dir + " does not exist: create it first";
        return null;
    }

    private int write(String yaml, Path file) {
        String refused = refusal(file);
        if (refused != null) throw new JunctionCli.UserError(refused);
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new JunctionCli.UserError("cannot write " + file + ": " + e.getClass().getSimpleName());
        }
        System.out.println("Wrote " + file + ". Next: junction check --config " + file + ", then junction explain --config " + file + ".");
        return 0;
    }
}
