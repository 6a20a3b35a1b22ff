package dev.junction.spring.boot;

import dev.junction.client.http.ResilientHttpConfig;
import dev.junction.client.http.RetryBudget;
import java.time.Duration;

/** {@code junction.client.http.*}: the {@link dev.junction.client.http.ResilientHttpClient} bean. */
public class HttpProperties {

    /** Whether a ResilientHttpClient bean is made. */
    private boolean enabled = true;
    /** The deadline of one logical call, retries included. */
    private Duration deadline = ResilientHttpConfig.DEFAULT_CALL_TIMEOUT;
    /** The longest one attempt may take (clamped to what remains of the deadline). */
    private Duration attemptTimeout = ResilientHttpConfig.DEFAULT_ATTEMPT_TIMEOUT;
    /** Attempts of one call, the first included. */
    private int maxAttempts = ResilientHttpConfig.DEFAULT_RETRY.maxAttempts();
    /** A header that carries the remaining milliseconds downstream; unset: none. */
    private String deadlineHeader;
    /** Whether a POST or PATCH without an Idempotency-Key gets one (and so may be retried). */
    private boolean idempotencyKeys = true;
    private Budget budget = new Budget();

    /** {@code junction.client.http.budget.*}: retries at most {@code percent} of requests plus a reserve per second. */
    public static class Budget {
        /** The most retries as a share of the requests made over the window (0.2 is 20%). */
        private double percent = RetryBudget.Config.DEFAULT.percent();
        /** Retries allowed per second whatever the percentage, so a quiet client may still retry. */
        private int minRetriesPerSecond = RetryBudget.Config.DEFAULT.minRetriesPerSecond();
        /** How far back requests and retries are counted. */
        private Duration window = RetryBudget.Config.DEFAULT.window();

        public double getPercent() { return percent; }
        public void setPercent(double percent) { this.percent = Props.share("junction.client.http.budget.percent", percent); }
        public int getMinRetriesPerSecond() { return minRetriesPerSecond; }
        public void setMinRetriesPerSecond(int minRetriesPerSecond) { this.minRetriesPerSecond = Props.atLeast("junction.client.http.budget.min-retries-per-second", minRetriesPerSecond, 0); }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = Props.positive("junction.client.http.budget.window", window); }

        RetryBudget.Config toConfig() {
            return new RetryBudget.Config(percent, minRetriesPerSecond, window);
        }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getDeadline() { return deadline; }
    public void setDeadline(Duration deadline) { this.deadline = Props.atLeast("junction.client.http.deadline", deadline, Props.MIN_TIMEOUT); }
    public Duration getAttemptTimeout() { return attemptTimeout; }
    public void setAttemptTimeout(Duration attemptTimeout) { this.attemptTimeout = Props.atLeast("junction.client.http.attempt-timeout", attemptTimeout, Props.MIN_TIMEOUT); }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = Props.atLeast("junction.client.http.max-attempts", maxAttempts, 1); }
    public String getDeadlineHeader() { return deadlineHeader; }
    public void setDeadlineHeader(String deadlineHeader) { this.deadlineHeader = deadlineHeader; }
    public boolean isIdempotencyKeys() { return idempotencyKeys; }
    public void setIdempotencyKeys(boolean idempotencyKeys) { this.idempotencyKeys = idempotencyKeys; }
    public Budget getBudget() { return budget; }
    public void setBudget(Budget budget) { this.budget = budget; }
}
