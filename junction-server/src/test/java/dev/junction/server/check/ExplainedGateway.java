package dev.junction.server.check;

import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.TestGateways;
import dev.junction.server.config.WrittenConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway on real sockets started from a config file, as {@code junction serve} starts one, whose integrations the
 * admin API explains: a Stripe source whose route names an event type made of markup, and a destination with one
 * failing item (plain {@code http://}, line 9).
 */
public record ExplainedGateway(Gateway gateway, Path file) implements AutoCloseable {

    /** The markup in an event type: the pages must show it as text. */
    public static final String MARKUP_TYPE = "<script>alert(1)</script>";

    public static String yaml(Path dir) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                    rate-limit: 100
                destinations:
                  billing:
                    url: "http://billing.example.com/hooks"
                    secret: "${BILLING_SIGNING_SECRET}"
                    timeout: 5s
                    retry: { max-attempts: 5 }
                routes:
                  - from: stripe
                    to: [billing]
                    when: { type: [invoice.paid, "%s"] }
                    slo: 1m
                alerts: { url: "https://alerts.example.com/hooks" }
                """.formatted(dir, MARKUP_TYPE);
    }

    public static ExplainedGateway start(Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("junction.yaml"), yaml(dir));
        return start(file, GatewayUnderTest.ADMIN_ENV);
    }

    /** Starts {@code file} with the test secrets and the admin key set. */
    public static ExplainedGateway start(Path file, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET);
        all.put("BILLING_SIGNING_SECRET", TestGateways.DESTINATION_SECRET);
        return new ExplainedGateway(Gateway.start(WrittenConfig.load(file, all), Clock.systemUTC(), all), file);
    }

    public int port() {
        return gateway.port();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
