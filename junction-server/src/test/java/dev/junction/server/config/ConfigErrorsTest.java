package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each problem yields one line naming the file, the offending line and column, and the key path. */
class ConfigErrorsTest {

    /** The sample from the design notes; line numbers below refer to it. */
    static final String SAMPLE = """
            server: { port: 8080 }
            store: { url: "sqlite:${JUNCTION_DATA:-./junction-data}/junction.db" }
            sources:
              stripe:
                verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"], tolerance: 5m }
            destinations:
              billing:
                url: "http://127.0.0.1:9000/hooks"
                timeout: 5s
                retry: { max-attempts: 8, initial-delay: 1s, max-delay: 1h }
            routes:
              - from: stripe
                to: [billing]
            """;

    static final Map<String, String> ENV = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_abc");

    static ConfigException error(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "junction.yaml", env));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
        return e;
    }

    static String message(String yaml) {
        return error(yaml, ENV).getMessage();
    }

    static String sampleWith(String from, String to) {
        assertThat(SAMPLE).contains(from);
        return SAMPLE.replace(from, to);
    }

    @Test
    void sampleLoads() {
        assertThat(ConfigLoader.parse(SAMPLE, "junction.yaml", ENV).sources()).containsOnlyKeys("stripe");
    }

    @Test
    void missingEnvironmentVariable() {
        ConfigException e = error(SAMPLE, Map.of());
        assertThat(e.getMessage()).isEqualTo(
                "junction.yaml:5:41: sources.stripe.verify.secrets[0]: environment variable STRIPE_WEBHOOK_SECRET is not set");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(41);
        assertThat(e.path()).isEqualTo("sources.stripe.verify.secrets[0]");
        assertThat(e.problem()).isEqualTo("environment variable STRIPE_WEBHOOK_SECRET is not set");
    }

    @Test
    void badDuration() {
        assertThat(message(sampleWith("timeout: 5s", "timeout: 5 seconds"))).isEqualTo(
                "junction.yaml:9:14: destinations.billing.timeout: \"5 seconds\" is not a duration (use e.g. 500ms, 5s, 10m, 1h)");
    }

    @Test
    void aSqliteUrlParameterSqliteDoesNotKnowIsRefusedNotOpenedAsAnotherFile() {
        // Before: junction keys list (and serve) opened a new, empty file named "junction.db?busy_timout=5000".
        assertThat(message(sampleWith("/junction.db\"", "/junction.db?busy_timout=5000\""))).isEqualTo(
                "junction.yaml:2:15: store.url: has a parameter SQLite does not know: 'busy_timout' (did you mean busy_timeout?);"
                        + " it would open another, empty file");
        assertThat(ConfigLoader.parse(sampleWith("/junction.db\"", "/junction.db?busy_timeout=5000&journal_mode=WAL\""), "junction.yaml", ENV)
                .store().url()).endsWith("?busy_timeout=5000&journal_mode=WAL");
    }

    @Test
    void bareNumberIsNotADuration() {
        assertThat(message(sampleWith("timeout: 5s", "timeout: 30"))).isEqualTo(
                "junction.yaml:9:14: destinations.billing.timeout: \"30\" is not a duration (use e.g. 500ms, 5s, 10m, 1h)");
    }

    @Test
    void aDestinationCannotSetAHeaderJunctionSetsItself() {
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    headers: { Authorization: Bearer x, Webhook-Id: fixed }")))
                .isEqualTo("junction.yaml:10:41: destinations.billing.headers.Webhook-Id: 'Webhook-Id' is set by Junction on every delivery and cannot be configured");
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    headers: { content-length: \"3\" }")))
                .endsWith("'content-length' is set by Junction on every delivery and cannot be configured");
    }

    @Test
    void aDestinationHeaderValueIsVisibleAsciiSpacesAndTabs() {
        // Accepted, 'Zoë' went out as Latin-1 bytes and an emoji as spaces; the value (a credential, perhaps) is not quoted.
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    headers: { X-Tenant: \"Zoë\" }"))).isEqualTo(
                "junction.yaml:10:16: destinations.billing.headers.X-Tenant: the value of 'X-Tenant' has a character outside ASCII"
                        + " at position 3: a header value may hold visible ASCII characters, spaces and tabs only (encode other text first)");
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    headers: { Authorization: \"Bearer s\\u0000cret\" }")))
                .endsWith("the value of 'Authorization' has a control character at position 9: a header value may hold visible ASCII"
                        + " characters, spaces and tabs only (encode other text first)");
        assertThat(ConfigLoader.parse(sampleWith("    timeout: 5s", "    timeout: 5s\n    headers: { X-Tenant: \"a b\\tc ~!\" }"),
                "junction.yaml", ENV).destinations().get("billing").headers()).containsEntry("X-Tenant", "a b\tc ~!");
    }

    @Test
    void unknownKeyListsTheAllowedKeys() {
        assertThat(message(sampleWith("    timeout: 5s", "    timout: 5s"))).isEqualTo(
                "junction.yaml:9:5: destinations.billing.timout: unknown key 'timout' (allowed: url, timeout, retry, secret, headers, max-concurrent, rate-limit, breaker, deadline, disable-after, batch, transform, exchange, routing-key, subject)");
    }

    @Test
    void aBatchSaysWhatIsWrongWithItAndWhere() {
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    batch: { max: 0 }")))
                .isEqualTo("junction.yaml:10:19: destinations.billing.batch.max: must be between 1 and 10000, was 0");
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    batch: { max: 10, format: csv }")))
                .isEqualTo("junction.yaml:10:31: destinations.billing.batch.format: \"csv\" is not a batch format (use one of: json, ndjson)");
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    batch: { results: results }")))
                .isEqualTo("junction.yaml:10:23: destinations.billing.batch.results: must be a JSON pointer starting with / (e.g. /results)");
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    batch: { results: { status: /ok } }")))
                .endsWith("destinations.billing.batch.results: missing required key 'array'");
        assertThat(message(sampleWith("    url: \"http://127.0.0.1:9000/hooks\"", "    url: \"nats://127.0.0.1:4222\"\n    subject: x\n    batch: { max: 10 }")))
                .isEqualTo("junction.yaml:10:5: destinations.billing.batch: batches are for http:// and https:// destinations (a broker takes one message per publish)");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(message(SAMPLE + "deliveries: { workers: 2 }\n")).isEqualTo(
                "junction.yaml:14:1: deliveries: unknown key 'deliveries' (allowed: server, store, sources, destinations, routes, delivery, retention, alerts, outbound, syncs, synthetics)");
    }

    @Test
    void unknownScheme() {
        assertThat(message(sampleWith("scheme: stripe", "scheme: strip"))).isEqualTo(
                "junction.yaml:5:23: sources.stripe.verify.scheme: unknown scheme \"strip\""
                        + " (one of: stripe, github, slack, shopify, standard-webhooks, hmac, none)");
    }

    @Test
    void hmacOptionWithAnotherScheme() {
        assertThat(message(sampleWith("tolerance: 5m }", "header: X-Sig }"))).isEqualTo(
                "junction.yaml:5:70: sources.stripe.verify.header: 'header' is only allowed with scheme: hmac");
    }

    @Test
    void missingSecrets() {
        assertThat(message(sampleWith("secrets: [\"${STRIPE_WEBHOOK_SECRET}\"], ", ""))).isEqualTo(
                "junction.yaml:5:5: sources.stripe.verify: missing required key 'secrets' (or 'secret') for scheme stripe;"
                        + " use scheme: none to accept unverified requests");
    }

    @Test
    void aStandardWebhooksSecretThatIsNotBase64IsRefusedAtItsPlaceWithoutQuotingIt() {
        String yaml = sampleWith("scheme: stripe, secrets: [\"${STRIPE_WEBHOOK_SECRET}\"]", "scheme: standard-webhooks, secrets: [\"${SW_SECRET}\"]");
        ConfigException e = error(yaml, Map.of("SW_SECRET", "whsec_abc!def"));
        assertThat(e.getMessage()).isEqualTo(
                "junction.yaml:5:52: sources.stripe.verify.secrets[0]: must be a Standard Webhooks secret: whsec_ followed by base64");
        assertThat(ConfigLoader.parse(yaml, "junction.yaml", Map.of("SW_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).sources())
                .containsOnlyKeys("stripe");
    }

    @Test
    void emptySecretsList() {
        assertThat(message(sampleWith("[\"${STRIPE_WEBHOOK_SECRET}\"]", "[]"))).isEqualTo(
                "junction.yaml:5:40: sources.stripe.verify.secrets: must list at least one secret for scheme stripe");
    }

    @Test
    void emptySecretFromEnvironment() {
        assertThat(error(SAMPLE, Map.of("STRIPE_WEBHOOK_SECRET", "")).getMessage()).isEqualTo(
                "junction.yaml:5:41: sources.stripe.verify.secrets[0]: must not be empty");
    }

    @Test
    void routeToUnknownDestination() {
        assertThat(message(sampleWith("to: [billing]", "to: [biling]"))).isEqualTo(
                "junction.yaml:13:10: routes[0].to[0]: no destination named 'biling' (known: billing)");
    }

    @Test
    void routeFromUnknownSource() {
        assertThat(message(sampleWith("from: stripe", "from: strip"))).isEqualTo(
                "junction.yaml:12:11: routes[0].from: no source named 'strip' (known: stripe)");
    }

    @Test
    void yamlSyntaxError() {
        ConfigException e = error(sampleWith("    timeout: 5s", "    timeout: 5s\n   oops: 1"), ENV);
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.getMessage()).startsWith("junction.yaml:10:").contains("invalid YAML:");
        assertThat(e.path()).isNull();
    }

    @Test
    void unclosedFlowSequence() {
        assertThat(message(sampleWith("to: [billing]", "to: [billing"))).isEqualTo(
                "junction.yaml:14:1: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence at line 13)");
    }

    @Test
    void anUnquotedVariableWithADefaultInAFlowMappingSaysToQuoteIt() {
        String yaml = """
                server: { host: 127.0.0.1, port: ${PORT:-8080} }
                store: { url: "sqlite:x.db" }
                sources: {}
                destinations: {}
                routes: []
                """;
        assertThat(error(yaml, ENV).getMessage()).startsWith("junction.yaml:1:")
                .endsWith("; a ${VAR} or ${VAR:-default} inside { } or [ ] must be quoted: \"${PORT:-8080}\"");
        // Quoted, it loads; and a flow error elsewhere gets no such hint.
        assertThat(ConfigLoader.parse(yaml.replace("${PORT:-8080}", "\"${PORT:-8080}\""), "junction.yaml", ENV).server().port()).isEqualTo(8080);
        assertThat(message(sampleWith("to: [billing]", "to: [billing"))).doesNotContain("must be quoted");
    }

    @Test
    void zeroMaxAttemptsIsReportedAtTheRetryKey() {
        assertThat(message(sampleWith("max-attempts: 8", "max-attempts: 0"))).isEqualTo(
                "junction.yaml:10:5: destinations.billing.retry: max-attempts must be at least 1, was 0");
    }

    @Test
    void maxDelayBelowInitialDelay() {
        assertThat(message(sampleWith("max-delay: 1h", "max-delay: 500ms"))).isEqualTo(
                "junction.yaml:10:5: destinations.billing.retry: max-delay (0.5s) must not be below initial-delay (1s)");
    }

    @Test
    void nonNumericMaxAttempts() {
        assertThat(message(sampleWith("max-attempts: 8", "max-attempts: eight"))).isEqualTo(
                "junction.yaml:10:28: destinations.billing.retry.max-attempts: \"eight\" is not a whole number");
    }

    @Test
    void missingRequiredKey() {
        assertThat(message(sampleWith("    url: \"http://127.0.0.1:9000/hooks\"\n", ""))).isEqualTo(
                "junction.yaml:7:3: destinations.billing: missing required key 'url'");
    }

    @Test
    void missingTopLevelKey() {
        assertThat(message(sampleWith("store: { url: \"sqlite:${JUNCTION_DATA:-./junction-data}/junction.db\" }\n", "")))
                .isEqualTo("junction.yaml:1:1: missing required top-level key 'store'");
    }

    @Test
    void destinationUrlSchemeMustNameAKind() {
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks", "ftp://files/hooks"))).isEqualTo(
                "junction.yaml:8:10: destinations.billing.url: must be an absolute URL with a host and one of the schemes"
                        + " http, https, amqp, amqps, nats, was \"ftp://files/hooks\"");
    }

    @Test
    void aKeyOfAnotherKindOfDestinationSaysWhichKindItBelongsTo() {
        assertThat(message(sampleWith("    timeout: 5s", "    timeout: 5s\n    routing-key: ledger"))).isEqualTo(
                "junction.yaml:10:5: destinations.billing.routing-key: 'routing-key' is a key of amqp destinations"
                        + " (amqp:// or amqps:// URLs), not of this http one");
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks\"", "amqp://127.0.0.1/%2F\"\n    routing-key: q\n    subject: a.b")))
                .isEqualTo("junction.yaml:10:5: destinations.billing.subject: 'subject' is a key of nats destinations (nats:// URLs),"
                        + " not of this amqp one");
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks\"", "nats://127.0.0.1:4222\"\n    subject: a.b\n    exchange: x")))
                .isEqualTo("junction.yaml:10:5: destinations.billing.exchange: 'exchange' is a key of amqp destinations"
                        + " (amqp:// or amqps:// URLs), not of this nats one");
    }

    @Test
    void aBrokerDestinationNeedsWhereToPublish() {
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks", "amqp://127.0.0.1/%2F"))).isEqualTo(
                "junction.yaml:7:3: destinations.billing: missing required key 'routing-key'");
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks", "nats://127.0.0.1:4222"))).isEqualTo(
                "junction.yaml:7:3: destinations.billing: missing required key 'subject'");
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks\"", "nats://127.0.0.1:4222\"\n    subject: audit.*")))
                .isEqualTo("junction.yaml:9:14: destinations.billing.subject: \"audit.*\" is not a subject to publish to:"
                        + " dot-separated tokens without spaces or wildcards (* >), e.g. audit.payments");
        assertThat(message(sampleWith("http://127.0.0.1:9000/hooks\"", "amqp://127.0.0.1/a/b\"\n    routing-key: q")))
                .startsWith("junction.yaml:8:10: destinations.billing.url: an amqp URL's path is its virtual host, one segment");
    }

    @Test
    void wrongShape() {
        assertThat(message(sampleWith("server: { port: 8080 }", "server: 8080"))).isEqualTo(
                "junction.yaml:1:9: server: expected a mapping (key: value lines or { key: value }), got \"8080\"");
    }

    @Test
    void portOutOfRange() {
        assertThat(message(sampleWith("port: 8080", "port: 80800"))).isEqualTo(
                "junction.yaml:1:17: server.port: must be between 0 and 65535, was 80800");
    }

    @Test
    void duplicateKey() {
        assertThat(message(sampleWith("    timeout: 5s\n", "    timeout: 5s\n    timeout: 6s\n"))).isEqualTo(
                "junction.yaml:10:5: destinations.billing.timeout: duplicate key 'timeout' (first at line 9)");
    }

    @Test
    void sourceNameMustBeUrlSafe() {
        assertThat(message(sampleWith("  stripe:", "  Stripe:"))).startsWith(
                "junction.yaml:4:3: sources.Stripe: source name 'Stripe' must match [a-z0-9][a-z0-9_-]*");
    }

    @Test
    void badSize() {
        assertThat(message(sampleWith("tolerance: 5m }", "tolerance: 5m }\n    max-body: 1 megabyte"))).isEqualTo(
                "junction.yaml:6:15: sources.stripe.max-body: \"1 megabyte\" is not a size (use e.g. 1048576, 512KiB, 1MiB, 10MB)");
    }

    @Test
    void jsonPointerMustStartWithSlash() {
        assertThat(message(sampleWith("tolerance: 5m }", "tolerance: 5m }\n    dedupe: { json-pointer: id }"))).isEqualTo(
                "junction.yaml:6:29: sources.stripe.dedupe.json-pointer: must start with / (e.g. /id or /data/object/id)");
    }

    @Test
    void aliasesAreRejected() {
        assertThat(message(sampleWith("timeout: 5s", "timeout: *t"))).isEqualTo(
                "junction.yaml:9:14: destinations.billing.timeout: YAML aliases (*name) are not supported");
    }

    @Test
    void emptyFileAndSecondDocument() {
        assertThat(message("")).isEqualTo("junction.yaml:1:1: the file is empty");
        assertThat(message(SAMPLE + "---\nserver: {}\n")).isEqualTo(
                "junction.yaml:15:1: only one YAML document is allowed (found a second one after '---')");
    }

    @Test
    void duplicateDestinationInRoute() {
        assertThat(message(sampleWith("to: [billing]", "to: [billing, billing]"))).isEqualTo(
                "junction.yaml:13:19: routes[0].to[1]: destination 'billing' is listed twice");
    }

    @Test
    void aRoutesTypeFilterListsNonEmptyTypesWithoutSpacesOnce() {
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: { type: [] }"))).isEqualTo(
                "junction.yaml:14:19: routes[0].when.type: must list at least one event type (e.g. [payment_intent.*]); to take every event, leave out when");
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: { type: [\"payment_intent.*\", \"\"] }"))).isEqualTo(
                "junction.yaml:14:40: routes[0].when.type[1]: must not be empty");
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: { type: \"payment_intent.*, charge.*\" }"))).isEqualTo(
                "junction.yaml:14:19: routes[0].when.type: \"payment_intent.*, charge.*\" contains a space; event types have none (list several as [a.*, b.*])");
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: { type: [\"charge.**\"] }"))).isEqualTo(
                "junction.yaml:14:20: routes[0].when.type[0]: \"charge.**\" has two stars in a row; one * matches any run of characters, dots included");
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: { type: [a.*, a.*] }"))).isEqualTo(
                "junction.yaml:14:25: routes[0].when.type[1]: event type 'a.*' is listed twice");
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: { types: [a.*] }"))).isEqualTo(
                "junction.yaml:14:13: routes[0].when.types: unknown key 'types' (allowed: type)");
        assertThat(message(sampleWith("to: [billing]", "to: [billing]\n    when: {}"))).isEqualTo(
                "junction.yaml:14:5: routes[0].when: missing required key 'type'");
    }

    @Test
    void aSourcesTypeIsOneHeaderOrOneJsonPointer() {
        assertThat(message(sampleWith("tolerance: 5m }", "tolerance: 5m }\n    type: { json-pointer: type }"))).isEqualTo(
                "junction.yaml:6:27: sources.stripe.type.json-pointer: must start with / (e.g. /type or /event/type)");
        assertThat(message(sampleWith("tolerance: 5m }", "tolerance: 5m }\n    type: { header: X-Type, json-pointer: /type }"))).isEqualTo(
                "junction.yaml:6:5: sources.stripe.type: set either 'header' or 'json-pointer', not both");
        assertThat(message(sampleWith("tolerance: 5m }", "tolerance: 5m }\n    type: {}"))).isEqualTo(
                "junction.yaml:6:5: sources.stripe.type: set 'header' or 'json-pointer' (or remove type to use the default)");
    }
}
