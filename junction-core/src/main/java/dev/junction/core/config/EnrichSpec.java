package dev.junction.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Before a route's deliveries are transformed and sent, fetch a related resource over HTTP and put the answer
 * into the payload (ADR 0025).
 *
 * @param url     a URL template: {@code {/json/pointer}} placeholders, in the path or query only, are filled from
 *                the event (percent-encoded), so the host is always the configured one
 * @param into    a JSON pointer: where in the payload the answer goes
 * @param cache   how long an answer is reused for the same URL; null: fetched for every delivery
 * @param timeout per fetch
 * @param headers sent with every fetch (credentials, Accept)
 */
public record EnrichSpec(String url, String into, Duration cache, Duration timeout, Map<String, String> headers) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public EnrichSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(into, "into");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
