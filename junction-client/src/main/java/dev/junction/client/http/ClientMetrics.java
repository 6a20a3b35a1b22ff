package dev.junction.client.http;

import java.time.Duration;

/**
 * What the client reports about its calls; {@link #NONE} by default, {@link MicrometerClientMetrics} for Micrometer.
 * Labels are the host (authority), the method and short slugs, never a path, a header or a body.
 */
public interface ClientMetrics {

    /** Reports nothing. */
    ClientMetrics NONE = new ClientMetrics() {};

    /**
     * One attempt ended.
     *
     * @param outcome {@code success}, {@code retryable} or {@code permanent}
     */
    default void attempt(String host, String method, String outcome, Duration took) {}

    /** A retry was started. */
    default void retry(String host) {}

    /**
     * A retryable outcome was not retried.
     *
     * @param reason {@code unsafe}, {@code attempts}, {@code deadline}, {@code budget}, {@code retry-after}, or
     *               {@code circuit-open} / {@code bulkhead-full} when the host's guards closed during the retries
     */
    default void gaveUp(String host, String reason) {}

    /** The host was not called: {@code circuit-open} or {@code bulkhead-full}. */
    default void rejected(String host, HostRejectedException.Reason reason) {}
}
