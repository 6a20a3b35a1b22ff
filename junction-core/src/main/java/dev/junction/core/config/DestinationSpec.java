package dev.junction.core.config;

import dev.junction.core.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A destination: where a route's deliveries go. Its kind follows from the URL's scheme ({@link Kind#of});
 * every kind gets the same retries, guards, ordering, pause, attempts log and dead letters.
 *
 * @param secret  a Standard Webhooks secret (whsec_...) to sign deliveries with, or null for none
 * @param headers extra headers sent with every delivery (HTTP headers; message headers on a broker)
 * @param guard   bulkhead, rate limit and circuit breaker
 * @param target  where inside a broker the message goes ({@link Target.Http} for HTTP)
 * @param previousSecret a secret being rotated out: while set, deliveries carry a signature with each
 * @param batch   how deliveries are gathered into one request for a bulk API, or null: one request each
 * @param transform reshapes every delivery's body when it is sent (after its route's transform), or null
 */
public record DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret,
                              Map<String, String> headers, GuardSpec guard, Target target, String previousSecret,
                              BatchSpec batch, TransformSpec transform) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Header names (lower case) that {@code headers} may not set: Junction sets them on deliveries (a receiver must be
     * able to trust its event type and trace), or they belong to the connection rather than the message.
     */
    public static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("host", "content-length",
            "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect",
            "webhook-id", "webhook-timestamp", "webhook-signature", "webhook-event-type", "traceparent", "tracestate",
            "junction-synthetic");

    /** Headers that would say the body is encoded, or ask for another protocol: the receiver would misread the request. */
    private static final java.util.Set<String> MISLEADING_HEADERS = java.util.Set.of("content-encoding", "http2-settings");
    /** The longest header name taken; real ones are tens of characters. */
    public static final int MAX_HEADER_NAME = 256;

    /** RFC 9110 token characters: anything else cannot be sent as a header name. */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * What is wrong with one extra header (a destination's in the config, an outbound endpoint's in the API), or null:
     * a name that is not an RFC 9110 token, one of {@link #RESERVED_HEADERS}, a value with anything but visible ASCII,
     * spaces and tabs. The value itself is never quoted: it may be a credential.
     */
    public static String headerProblem(String name, String value) {
        if (name.length() > MAX_HEADER_NAME) return "a header name is " + name.length() + " characters long, at most " + MAX_HEADER_NAME;
        if (!HEADER_NAME.matcher(name).matches()) return "'" + name + "' is not a valid HTTP header name";
        if (MISLEADING_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return "'" + name + "' would describe the request as something it is not: Junction sends the body as it is, over HTTP/1.1";
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) return "'" + name + "' is set by Junction on every delivery and cannot be configured";
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // HTTP sends other characters as something else: 'Zoë' as Latin-1 bytes, an emoji as spaces, a line break
            // as a second header.
            if (!(c >= 0x20 && c <= 0x7e || c == '\t')) {
                return "the value of '" + name + "' has " + (c == '\r' || c == '\n' ? "a line break" : c < 0x20 || c == 0x7f
                        ? "a control character" : "a character outside ASCII") + " at position " + (i + 1)
                        + ": a header value may hold visible ASCII characters, spaces and tabs only (encode other text first)";
            }
        }
        return null;
    }

    /** The kinds of destination, each named by the URL schemes that select it. */
    public enum Kind {
        HTTP("http", "https"), AMQP("amqp", "amqps"), NATS("nats");

        private final java.util.List<String> schemes;

        Kind(String... schemes) {
            this.schemes = java.util.List.of(schemes);
        }

        public java.util.List<String> schemes() {
            return schemes;
        }

        /** The kind a URL selects, or null when its scheme names none. */
        public static Kind of(URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            for (Kind k : values()) if (k.schemes.contains(scheme)) return k;
            return null;
        }

        /** Every scheme a destination URL may have, for error messages. */
        public static java.util.List<String> allSchemes() {
            return java.util.Arrays.stream(values()).flatMap(k -> k.schemes.stream()).toList();
        }
    }

    /** Where a message goes beyond the URL: nothing more for HTTP, an exchange and routing key, a subject. */
    public sealed interface Target {
        /** POST to the URL. */
        record Http() implements Target {}

        /** Publish to {@code exchange} ("" is the default exchange) with {@code routingKey}. */
        record Amqp(String exchange, String routingKey) implements Target {
            public Amqp {
                if (exchange == null) exchange = "";
                if (routingKey == null) throw new IllegalArgumentException("an amqp destination needs a routing-key");
            }
        }

        /** Publish to the JetStream {@code subject}. */
        record Nats(String subject) implements Target {
            public Nats {
                if (subject == null || subject.isBlank()) throw new IllegalArgumentException("a nats destination needs a subject");
            }
        }

        Http HTTP = new Http();
    }

    public DestinationSpec {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        guard = guard == null ? GuardSpec.DEFAULT : guard;
        target = target == null ? Target.HTTP : target;
    }

    /** A destination that takes one delivery per request, without a transform. */
    public DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret,
                           Map<String, String> headers, GuardSpec guard, Target target, String previousSecret) {
        this(name, url, timeout, retry, secret, headers, guard, target, previousSecret, null, null);
    }

    /** A destination whose secret is not being rotated. */
    public DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret,
                           Map<String, String> headers, GuardSpec guard, Target target) {
        this(name, url, timeout, retry, secret, headers, guard, target, null);
    }

    /** An HTTP destination. */
    public DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret,
                           Map<String, String> headers, GuardSpec guard) {
        this(name, url, timeout, retry, secret, headers, guard, Target.HTTP);
    }

    /** An HTTP destination with the default guard. */
    public DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret, Map<String, String> headers) {
        this(name, url, timeout, retry, secret, headers, GuardSpec.DEFAULT);
    }

    /** The same destination, taking deliveries in batches ({@code null}: one at a time). */
    public DestinationSpec withBatch(BatchSpec batch) {
        return new DestinationSpec(name, url, timeout, retry, secret, headers, guard, target, previousSecret, batch, transform);
    }

    /** The same destination, reshaping bodies with {@code transform} ({@code null}: sent as stored). */
    public DestinationSpec withTransform(TransformSpec transform) {
        return new DestinationSpec(name, url, timeout, retry, secret, headers, guard, target, previousSecret, batch, transform);
    }

    /** The kind its URL selects. */
    public Kind kind() {
        return Kind.of(url);
    }
}
