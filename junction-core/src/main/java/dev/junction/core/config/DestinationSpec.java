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
 */
public record DestinationSpec(String name, URI url, Duration timeout, RetryPolicy retry, String secret,
                              Map<String, String> headers) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public DestinationSpec {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
