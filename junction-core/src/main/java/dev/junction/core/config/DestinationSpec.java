package dev.junction.core.config;

import dev.junction.core.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP destination.
 *
 * @param secret  a Standard Webhooks secret (whsec_...) to sign deliveries with, or null for none
 * @param headers extra headers sent with every delivery
 * @param guard   bulkhead, rate limit and circuit breaker
 */
public record DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret,
                              Map<String, String> headers, GuardSpec guard) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Header names (lower case) that {@code headers} may not set: Junction sets them on every delivery,
     * or they belong to the connection rather than the message.
     */
    public static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("host", "content-length",
            "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect",
            "webhook-id", "webhook-timestamp", "webhook-signature");

    public DestinationSpec {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        guard = guard == null ? GuardSpec.DEFAULT : guard;
    }

    /** A destination with the default guard. */
    public DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret, Map<String, String> headers) {
        this(name, url, timeout, retry, secret, headers, GuardSpec.DEFAULT);
    }
}
