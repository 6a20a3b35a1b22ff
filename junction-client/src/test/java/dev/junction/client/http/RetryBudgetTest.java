package dev.junction.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.client.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));

    private int retriesAllowed(RetryBudget budget) {
        int n = 0;
        while (budget.tryRetry()) n++;
        return n;
    }

    @Test
    void allowsTheShareOfRequestsPlusTheReserveOverTheWindow() {
        RetryBudget budget = new RetryBudget(new RetryBudget.Config(0.2, 1, Duration.ofSeconds(10)), clock);
        for (int i = 0; i < 100; i++) budget.onRequest();
        assertThat(retriesAllowed(budget)).isEqualTo(20 + 10);
    }

    @Test
    void requestsAndRetriesOlderThanTheWindowNoLongerCount() {
        RetryBudget budget = new RetryBudget(new RetryBudget.Config(0.5, 0, Duration.ofSeconds(10)), clock);
        for (int i = 0; i < 10; i++) budget.onRequest();
        assertThat(retriesAllowed(budget)).isEqualTo(5);
        clock.advance(Duration.ofSeconds(5));
        assertThat(budget.tryRetry()).as("the window still holds the spent retries").isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(budget.tryRetry()).as("nothing left in the window: no requests earn retries").isFalse();
        for (int i = 0; i < 4; i++) budget.onRequest();
        assertThat(retriesAllowed(budget)).isEqualTo(2);
    }

    @Test
    void refusesSettingsOutsideTheirRange() {
        assertThatThrownBy(() -> new RetryBudget.Config(1.5, 0, Duration.ofSeconds(1))).hasMessage("percent must be in [0, 1], but was 1.5");
        assertThatThrownBy(() -> new RetryBudget.Config(0.2, 0, Duration.ofMillis(10))).hasMessageContaining("window must be at least 1 s");
    }
}
