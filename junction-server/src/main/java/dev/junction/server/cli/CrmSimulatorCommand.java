package dev.junction.server.cli;

import dev.junction.server.demo.crm.CrmSimulator;
import dev.junction.server.demo.crm.CrmSimulatorBuilder;
import dev.junction.server.demo.crm.IdStyle;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serves a {@link CrmSimulator} until stopped, so a two-way sync can be tried against CRMs on this machine
 * (docs/sync.md) without writing Java. Its token and webhook secret come from the environment, never the command line
 * (a command line is visible to every user of the machine), and are never printed.
 */
@Command(name = "crm-simulator", description = "Serve a simulated CRM (contacts REST API, signed change webhooks) on 127.0.0.1 until stopped,"
        + " to try a two-way sync without real CRMs: docs/crm-simulator.md.")
final class CrmSimulatorCommand implements Callable<Integer> {

    @Option(names = "--name", defaultValue = "crm", description = "The system's name, part of every webhook id (default: ${DEFAULT-VALUE}).")
    String name;
    @Option(names = "--port", defaultValue = "0", description = "The port on 127.0.0.1 (default: an ephemeral one, printed).")
    int port;
    @Option(names = "--webhook-url", paramLabel = "URL", description = "Where change webhooks go, e.g. http://127.0.0.1:8080/in/a-hooks (default: none, changes are not announced).")
    String webhookUrl;
    @Option(names = "--token-env", paramLabel = "VAR", description = "The environment variable holding the bearer token every request must carry (default: no auth).")
    String tokenEnv;
    @Option(names = "--webhook-secret-env", paramLabel = "VAR", description = "The environment variable holding the whsec_ secret webhooks are signed with"
            + " (needed with --webhook-url; the gateway's source verifies them with the same secret, scheme standard-webhooks).")
    String secretEnv;
    @Option(names = "--id-style", defaultValue = "prefixed", description = "Ids like prefixed (crm_000001), salesforce (003...) or numeric (default: ${DEFAULT-VALUE}).")
    IdStyle idStyle;

    /**
     * Waits between a failed change webhook and its retries, about a minute in all: run by hand next to a gateway, the
     * first change may come while that gateway is still starting, which the builder's default (4 s in all) outlasted.
     */
    static final List<Duration> WEBHOOK_RETRY_DELAYS = List.of(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30));

    private final Map<String, String> env;

    CrmSimulatorCommand() {
        this(System.getenv());
    }

    CrmSimulatorCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        CrmSimulator crm = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            crm.close();
            stopped.countDown();
        }, "crm-simulator-shutdown"));
        System.out.println("crm-simulator " + name + ": contacts API at " + crm.baseUrl() + "/contacts"
                + (tokenEnv == null ? " (no auth)" : " (Authorization: Bearer $" + tokenEnv + ")")
                + (webhookUrl == null ? "; changes not announced" : "; changes POSTed to " + webhookUrl + ", signed with $" + secretEnv)
                + ". Records live in memory; Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    /** Starts the simulator the options describe; every mistake is one line naming the option. */
    CrmSimulator start() {
        CrmSimulatorBuilder builder;
        try {
            builder = CrmSimulator.builder().name(name).idStyle(idStyle).port(port);
        } catch (IllegalArgumentException e) {
            throw new JunctionCli.UserError("crm-simulator: " + e.getMessage().replace("port must", "--port must").replace("name must", "--name must"));
        }
        if (tokenEnv != null) builder.token(required(tokenEnv, "--token-env"));
        if (webhookUrl != null) {
            URI uri;
            try {
                uri = URI.create(webhookUrl);
            } catch (IllegalArgumentException e) {
                throw new JunctionCli.UserError("crm-simulator: --webhook-url is not a URL: " + webhookUrl);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new JunctionCli.UserError("crm-simulator: --webhook-url must be an http(s) URL with a host, was " + webhookUrl);
            }
            if (secretEnv == null) {
                throw new JunctionCli.UserError("crm-simulator: --webhook-url needs --webhook-secret-env VAR, the variable holding the whsec_ secret"
                        + " the gateway's source verifies with");
            }
            builder.webhookUrl(webhookUrl).webhookRetryDelays(WEBHOOK_RETRY_DELAYS);
        }
        if (secretEnv != null) {
            String secret = required(secretEnv, "--webhook-secret-env");
            if (!secret.startsWith("whsec_") || !base64(secret.substring("whsec_".length()))) {
                throw new JunctionCli.UserError("crm-simulator: $" + secretEnv + " must be a whsec_ secret (whsec_ and base64), as Standard Webhooks'");
            }
            builder.webhookSecret(secret);
        }
        try {
            return builder.start();
        } catch (RuntimeException e) {
            throw new JunctionCli.UserError("crm-simulator: cannot listen on 127.0.0.1:" + port + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static boolean base64(String s) {
        try {
            return java.util.Base64.getDecoder().decode(s).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String required(String variable, String option) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) throw new JunctionCli.UserError("crm-simulator: " + option + " names $" + variable + ", which is unset or empty");
        return value;
    }
}
