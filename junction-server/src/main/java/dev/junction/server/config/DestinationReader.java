package dev.junction.server.config;

import dev.junction.core.config.BatchSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.TransformSpec;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads {@code destinations:} into {@link DestinationSpec}s. */
final class DestinationReader {

    /** The keys of every kind of destination, then each kind's own ({@link DestinationTargetReader#KIND_KEYS}). */
    private static final List<String> DESTINATION_KEYS = Stream.concat(Stream.of("url", "timeout", "retry",
            "secret", "headers", "max-concurrent", "rate-limit", "breaker", "deadline", "disable-after", "batch",
            "transform"),
            DestinationTargetReader.allKindKeys().stream()).toList();
    private static final List<String> BREAKER_KEYS = List.of("failure-rate", "minimum-calls", "window", "open-for", "half-open-calls");
    private static final List<String> RETRY_KEYS = List.of("max-attempts", "initial-delay", "max-delay", "multiplier");

    private final Values values;
    private final DestinationTargetReader targets;
    private final BatchReader batches;

    DestinationReader(Values values) {
        this.values = values;
        this.targets = new DestinationTargetReader(values);
        this.batches = new BatchReader(values);
    }

    Map<String, DestinationSpec> readAll(Node node) {
        Map<String, DestinationSpec> destinations = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : values.map(node).entries().entrySet()) {
            if (!RouteReader.NAME.matcher(e.getKey()).matches()) {
                // Names are paths of the admin API (/api/v1/destinations/{name}); ':' is kept for Junction's own (sync:NAME).
                throw values.errorAtKey(e.getValue(), "destination name '" + e.getKey()
                        + "' must be letters, digits, '.', '_' and '-' (it is used in the URL /api/v1/destinations/" + e.getKey() + ")");
            }
            destinations.put(e.getKey(), read(e.getKey(), e.getValue()));
        }
        return destinations;
    }

    private DestinationSpec read(String name, Node node) {
        Section s = new Section(values, node, DESTINATION_KEYS);
        URI url = targets.url(s.require("url"));
        DestinationSpec.Target target = targets.target(s, DestinationSpec.Kind.of(url));
        Duration timeout = s.duration("timeout", DestinationSpec.DEFAULT_TIMEOUT);
        RetryPolicy retry = s.has("retry") ? retry(s.get("retry")) : RetryPolicy.DEFAULT;
        String secret = s.has("secret") ? signingSecret(s.get("secret")) : null;
        Map<String, String> headers = s.has("headers") ? headers(s.get("headers")) : Map.of();
        GuardSpec d = GuardSpec.DEFAULT;
        GuardSpec guard = new GuardSpec(s.integer("max-concurrent", d.maxConcurrent(), 1, 10_000),
                s.integer("rate-limit", d.ratePerSecond(), 0, 1_000_000), breaker(s),
                s.duration("deadline", d.deadline()), s.duration("disable-after", null));
        BatchSpec batch = s.has("batch") ? batches.read(s.get("batch"), DestinationSpec.Kind.of(url)) : null;
        TransformSpec transform = s.has("transform") ? new TransformReader(values).read(s.get("transform")) : null;
        return new DestinationSpec(name, url, timeout, retry, secret, headers, guard, target, null, batch, transform);
    }

    /** {@code breaker: off}, or a map of settings over the defaults. */
    private GuardSpec.Breaker breaker(Section destination) {
        if (!destination.has("breaker")) return GuardSpec.Breaker.DEFAULT;
        Node node = destination.get("breaker");
        if (node instanceof ScalarNode scalar && "off".equals(values.nonBlank(scalar))) return null;
        Section s = new Section(values, node, BREAKER_KEYS);
        GuardSpec.Breaker d = GuardSpec.Breaker.DEFAULT;
        try {
            return new GuardSpec.Breaker((float) s.decimal("failure-rate", d.failureRatePercent()),
                    s.integer("minimum-calls", d.minimumCalls(), 1, 100_000), s.integer("window", d.window(), 1, 100_000),
                    s.duration("open-for", d.openFor()), s.integer("half-open-calls", d.halfOpenCalls(), 1, 1_000));
        } catch (IllegalArgumentException e) {
            throw values.errorAtKey(node, e.getMessage());
        }
    }

    private RetryPolicy retry(Node node) {
        Section s = new Section(values, node, RETRY_KEYS);
        RetryPolicy d = RetryPolicy.DEFAULT;
        int maxAttempts = s.integer("max-attempts", d.maxAttempts(), Integer.MIN_VALUE, Integer.MAX_VALUE);
        Duration initialDelay = s.duration("initial-delay", d.initialDelay());
        Duration maxDelay = s.duration("max-delay", d.maxDelay());
        double multiplier = s.decimal("multiplier", d.multiplier());
        try {
            return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier);
        } catch (IllegalArgumentException e) {
            // RetryPolicy owns the rules (and their wording); we only add the position.
            throw values.errorAtKey(node, e.getMessage());
        }
    }

    private String signingSecret(Node node) {
        String secret = values.nonBlank(node);
        if (!secret.startsWith("whsec_")) {
            throw values.error(node, "must be a Standard Webhooks secret starting with whsec_");
        }
        try {
            // Caught here rather than at the first delivery, which would fail every attempt.
            Base64.getDecoder().decode(secret.substring("whsec_".length()));
        } catch (IllegalArgumentException e) {
            throw values.error(node, "must be whsec_ followed by base64");
        }
        return secret;
    }

    /** Extra headers: valid names, none Junction sets itself, values of visible ASCII, spaces and tabs. */
    Map<String, String> headers(Node node) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : values.map(node).entries().entrySet()) {
            String value = values.text(e.getValue());
            String problem = DestinationSpec.headerProblem(e.getKey(), value);
            if (problem != null) throw values.errorAtKey(e.getValue(), problem);
            headers.put(e.getKey(), value);
        }
        return headers;
    }
}
