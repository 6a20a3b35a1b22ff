package dev.junction.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.demo.SteppedClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Five test events a minute an endpoint, then the seconds until the next minute; each endpoint on its own. */
class TestSendsTest {

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-03T10:00:15Z"));

    @Test
    void fiveAMinuteAnEndpointThenTheWaitUntilTheNextMinute() {
        TestSends sends = new TestSends(clock);
        for (int i = 0; i < TestSends.PER_MINUTE; i++) assertThat(sends.take("ep_a")).isZero();
        assertThat(sends.take("ep_a")).isEqualTo(45);
        assertThat(sends.take("ep_b")).as("another endpoint's own").isZero();
        clock.set(Instant.parse("2026-12-03T10:01:00Z"));
        assertThat(sends.take("ep_a")).isZero();
    }
}
