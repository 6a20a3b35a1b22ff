package dev.junction.server.cli;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.explain.Status;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.Durations;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.drill.Drill;
import dev.junction.server.drill.DrillResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code junction drill}: signed test events sent to a receiver the way production will send them, and a verdict per
 * scenario. Exit 0 when nothing fails (warnings allowed), 1 when a scenario fails, 2 on a usage or config error.
 */
@Command(name = "drill", description = "Dry-run a receiver before launch: duplicates, out of order, retries after a 5xx and a timeout, a burst; pass, warn or fail each.")
final class DrillCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format { TEXT, JSON }

    @Parameters(arity = "0..1", paramLabel = "DESTINATION", description = "A destination named in --config.")
    String name;

    @Option(names = {"-c", "--config"}, description = "The YAML config: the destination's URL, secret, timeout and retry policy come from it.")
    Path config;

    @Option(names = "--url", description = "A receiver not configured yet: its URL (instead of --config).")
    URI url;

    @Option(names = "--secret", description = "With --url: the whsec_ secret to sign with (unsigned without it).")
    String secret;

    @Option(names = "--timeout", description = "With --url: the attempt timeout (default: 30s, as a destination's).")
    String timeout;

    @Option(names = "--burst", defaultValue = "50", description = "How many events the burst sends at once (1 to " + Drill.MAX_BURST + "; default: 50).")
    int burst;

    @Option(names = "--max-wait", defaultValue = "1s", description = "The longest a retry waits, whatever the policy's first delay (default: 1s).")
    String maxWait;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: text).")
    Format format;

    @Override
    public Integer call() {
        DestinationSpec destination = destination();
        if (destination.kind() != DestinationSpec.Kind.HTTP) {
            throw new JunctionCli.UserError("drill sends HTTP requests; destination '" + destination.name() + "' is " + destination.url().getScheme());
        }
        DrillResult result = new Drill(destination, burst, duration("--max-wait", maxWait)).run();
        System.out.print(format == Format.JSON ? result.json() : result.text());
        return result.worst() == Status.FAIL ? 1 : 0;
    }

    private DestinationSpec destination() {
        if (config != null) {
            if (url != null || secret != null || timeout != null) throw new JunctionCli.UserError("--url, --secret and --timeout are for a receiver not in a config; with --config name a destination");
            JunctionConfig loaded = ConfigLoader.load(config);
            if (name == null) throw new JunctionCli.UserError("name the destination to drill: junction drill --config " + config + " DESTINATION (known: " + known(loaded.destinations()) + ")");
            DestinationSpec destination = loaded.destinations().get(name);
            if (destination == null) throw new JunctionCli.UserError("no destination named '" + name + "' in " + config + " (known: " + known(loaded.destinations()) + ")");
            return destination;
        }
        if (url == null) throw new JunctionCli.UserError("give --config FILE DESTINATION, or --url (and --secret) for a receiver not configured yet");
        if (url.getScheme() == null || url.getHost() == null) throw new JunctionCli.UserError("--url must be an absolute http:// or https:// URL, was " + url);
        Duration t = timeout == null ? DestinationSpec.DEFAULT_TIMEOUT : duration("--timeout", timeout);
        return new DestinationSpec(name, url, t, RetryPolicy.DEFAULT, secret, Map.of());
    }

    private static String known(Map<String, DestinationSpec> destinations) {
        return String.join(", ", destinations.keySet());
    }

    private static Duration duration(String option, String text) {
        Duration d = Durations.parse(text);
        if (d == null || d.isNegative() || d.isZero()) throw new JunctionCli.UserError(option + ": '" + text + "' is not a duration (" + Durations.HINT + ")");
        return d;
    }
}
