package dev.junction.client.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@link ClientMetrics} in a Micrometer registry (Micrometer is an optional dependency: only this class needs it):
 * {@code junction.client.attempts} (timer; host, method, outcome), {@code junction.client.retries} (host),
 * {@code junction.client.gave.up} (host, reason) and {@code junction.client.rejected} (host, reason).
 */
public final class MicrometerClientMetrics implements ClientMetrics {

    private final MeterRegistry registry;

    public MicrometerClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void attempt(String host, String method, String outcome, Duration took) {
        Timer.builder("junction.client.attempts").description("Attempts of calls by the resilient HTTP client")
                .tags("host", host, "method", method, "outcome", outcome).register(registry).record(took);
    }

    @Override
    public void retry(String host) {
        Counter.builder("junction.client.retries").description("Retries started").tags("host", host).register(registry).increment();
    }

    @Override
    public void gaveUp(String host, String reason) {
        Counter.builder("junction.client.gave.up").description("Retryable outcomes not retried, by reason")
                .tags("host", host, "reason", reason).register(registry).increment();
    }

    @Override
    public void rejected(String host, HostRejectedException.Reason reason) {
        Counter.builder("junction.client.rejected").description("Calls refused before sending: breaker open or bulkhead full")
                .tags("host", host, "reason", reason.slug()).register(registry).increment();
    }
}
