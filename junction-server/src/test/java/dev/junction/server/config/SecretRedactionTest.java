package dev.junction.server.config;

import static dev.junction.server.config.ConfigErrorsTest.SAMPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Errors near secrets must locate the problem without ever printing the secret. */
class SecretRedactionTest {

    static final String SECRET = "hunter2";
    static final Map<String, String> ENV = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_" + SECRET, "DEST_SECRET", SECRET,
            "TOKEN", SECRET);

    static Stream<Arguments> cases() {
        return Stream.of(
                // An error elsewhere in a source whose secret comes from the environment.
                Arguments.of(sample("tolerance: 5m", "tolerance: soon"),
                        "junction.yaml:5:81: sources.stripe.verify.tolerance: \"soon\" is not a duration"),
                // A secret given where a list of secrets is expected, in the wrong shape.
                Arguments.of(sample("secrets: [\"${STRIPE_WEBHOOK_SECRET}\"]", "secrets: { value: " + SECRET + " }"),
                        "junction.yaml:5:40: sources.stripe.verify.secrets: expected a single value, got a mapping"),
                // A literal secret with a stray ${ (so interpolation fails on it).
                Arguments.of(sample("\"${STRIPE_WEBHOOK_SECRET}\"", "\"" + SECRET + "${\""),
                        "junction.yaml:5:41: sources.stripe.verify.secrets[0]: unterminated ${"),
                Arguments.of(sample("\"${STRIPE_WEBHOOK_SECRET}\"", "\"${" + SECRET + " x}\""),
                        "junction.yaml:5:41: sources.stripe.verify.secrets[0]: invalid environment reference ("),
                // A YAML syntax error on the line holding a literal secret: snakeyaml's source excerpt is dropped.
                Arguments.of(sample("\"${STRIPE_WEBHOOK_SECRET}\"", "\"" + SECRET + "\" extra"),
                        "junction.yaml:5:51: invalid YAML: expected ',' or ']'"),
                // A destination signing secret that is not a whsec_ secret.
                Arguments.of(sample("    timeout: 5s", "    timeout: 5s\n    secret: ${DEST_SECRET}"),
                        "junction.yaml:10:13: destinations.billing.secret: must be a Standard Webhooks secret starting with whsec_"),
                // Headers usually carry tokens, so they are redacted too.
                Arguments.of(sample("    timeout: 5s", "    timeout: 5s\n    headers: \"Authorization: Bearer ${TOKEN}\""),
                        "junction.yaml:10:14: destinations.billing.headers: expected a mapping (key: value lines or { key: value }), got <redacted>"),
                Arguments.of(sample("    timeout: 5s", "    timeout: 5s\n    headers: { X-Token: [" + SECRET + "] }"),
                        "junction.yaml:10:25: destinations.billing.headers.X-Token: expected a single value, got a list"),
                // A password inside a store URL.
                Arguments.of(sample("sqlite:${JUNCTION_DATA:-./junction-data}/junction.db", "mysql://u:" + SECRET + "@db/j"),
                        "junction.yaml:2:15: store.url: must start with one of sqlite:, jdbc:sqlite:, jdbc:postgresql:"),
                // Credentials in a destination URL.
                Arguments.of(sample("http://127.0.0.1:9000/hooks", "ftp://u:" + SECRET + "@files/hooks"),
                        "junction.yaml:8:10: destinations.billing.url: must be an absolute URL with a host and one of the schemes"
                                + " http, https, amqp, amqps, nats, was \"ftp://<redacted>@files/hooks\""),
                // A broker URL's password, in an error about the URL.
                Arguments.of(sample("http://127.0.0.1:9000/hooks\"", "amqp://u:" + SECRET + "@rabbit/a/b\"\n    routing-key: q"),
                        "junction.yaml:8:10: destinations.billing.url: an amqp URL's path is its virtual host, one segment"),
                Arguments.of(sample("http://127.0.0.1:9000/hooks\"", "amqp://u:" + SECRET + ":x@rabbit/%2F\"\n    routing-key: q"),
                        "junction.yaml:8:10: destinations.billing.url: an amqp URL's user info is user:password"),
                Arguments.of(sample("http://127.0.0.1:9000/hooks\"", "nats://u:" + SECRET + "@nats/x\"\n    subject: a.b"),
                        "junction.yaml:8:10: destinations.billing.url: a nats URL has no path"));
    }

    static String sample(String from, String to) {
        assertThat(SAMPLE).contains(from);
        return SAMPLE.replace(from, to);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void errorNeverContainsTheSecret(String yaml, String expectedStart) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "junction.yaml", ENV));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(expectedStart).doesNotContain(SECRET).doesNotContain("\n");
    }
}
