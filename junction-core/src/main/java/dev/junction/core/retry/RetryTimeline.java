package dev.junction.core.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A delivery's retries as a timeline, in the worst case: every attempt takes its whole timeout and fails, and every
 * wait is as long as its jitter allows. The waits come from {@link RetrySchedule} itself (with its randomness
 * pinned at the top of each window), and a retry that would start after the deadline is not made, as the
 * dispatcher decides; so what {@code junction explain} prints is what the engine would do.
 *
 * @param attempts        each attempt, the first at t+0
 * @param untilDead       from the first attempt to the end of the last one: when the delivery is dead at the latest
 * @param cutByDeadline   true when the deadline, not max-attempts, ends the retries
 */
public record RetryTimeline(List<Attempt> attempts, Duration untilDead, boolean cutByDeadline) {

    /**
     * @param number      1 for the first attempt
     * @param window      the most it waits after the previous attempt (zero for the first): full jitter picks a
     *                    time between zero and this
     * @param latestStart when it starts at the latest, from the first attempt
     */
    public record Attempt(int number, Duration window, Duration latestStart) {}

    /** Always the largest value a bound allows: the longest wait full jitter can pick. */
    private static final RandomGenerator LONGEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    /**
     * @param timeout  the budget of one attempt
     * @param deadline how long after its creation a delivery may still be retried
     */
    public static RetryTimeline of(RetryPolicy policy, Duration timeout, Duration deadline) {
        RetrySchedule schedule = new RetrySchedule(policy, LONGEST);
        List<Attempt> attempts = new ArrayList<>();
        Duration start = Duration.ZERO;
        Duration window = Duration.ZERO;
        for (int n = 1; ; n++) {
            attempts.add(new Attempt(n, window, start));
            Duration finished = start.plus(timeout);
            if (!schedule.mayRetry(n)) return new RetryTimeline(attempts, finished, false);
            Duration wait = schedule.delayBefore(n, Optional.empty());
            Duration next = finished.plus(wait);
            if (next.compareTo(deadline) > 0) return new RetryTimeline(attempts, finished, true);
            window = wait;
            start = next;
        }
    }
}
