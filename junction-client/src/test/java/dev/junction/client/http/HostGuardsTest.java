package dev.junction.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.client.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Hosts are forgotten once idle with nothing to remember; an open breaker or a call in flight keeps its host. */
class HostGuardsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final HostGuards guards = new HostGuards(ResilientHttpConfig.custom().clock(clock).build());

    @Test
    void idleHostsAreForgottenButNotOneWithAnOpenBreakerOrACallInFlight() {
        for (int i = 0; i < 100; i++) guards.of("customer-" + i + ".example");
        CircuitBreaker failing = guards.of("failing.example").breaker();
        failing.transitionToOpenState();
        assertThat(guards.of("busy.example").bulkhead().tryAcquirePermission()).isTrue();
        assertThat(guards.hosts()).isEqualTo(102);

        clock.advance(HostGuards.IDLE.minusMinutes(1));
        guards.of("late.example");
        assertThat(guards.hosts()).as("not idle long enough yet").isEqualTo(103);

        clock.advance(Duration.ofMinutes(1));
        guards.of("late.example");
        assertThat(guards.hosts()).as("the open breaker, the call in flight and the host just used").isEqualTo(3);
        assertThat(guards.of("failing.example").breaker()).as("remembered, still open").isSameAs(failing);
        assertThat(failing.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guards.of("customer-7.example").breaker().getState()).as("a forgotten host starts afresh").isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
