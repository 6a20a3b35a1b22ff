package dev.junction.server.demo.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.demo.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Habits decide by a seeded Random: the same seed and requests give the same answers, step by step, no sockets. */
class HabitsTest {

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-30T20:00:00Z"));

    @Test
    void theSameSeedGivesTheSameErrorsAndSlowAnswers() {
        List<String> first = run(new Habits(clock, 42, () -> {}));
        List<String> again = run(new Habits(clock, 42, () -> {}));
        List<String> other = run(new Habits(clock, 43, () -> {}));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        long errors = first.stream().filter("500"::equals).count();
        long slow = first.stream().filter("slow"::equals).count();
        assertThat(errors).isBetween(10L, 50L);
        assertThat(slow).isBetween(30L, 70L);
    }

    @Test
    void theTokenBucketRefillsByTheClock() {
        Habits habits = new Habits(clock, 1, () -> {}).rateLimit(3, 2);

        assertThat(statuses(habits, 4)).containsExactly(200, 200, 200, 429);
        clock.advance(Duration.ofMillis(500));
        assertThat(statuses(habits, 2)).containsExactly(200, 429);
        clock.advance(Duration.ofSeconds(10));
        assertThat(statuses(habits, 4)).containsExactly(200, 200, 200, 429);
    }

    @Test
    void endingAnOutageReleasesWhatItHeldOnce() {
        int[] released = {0};
        Habits habits = new Habits(clock, 1, () -> released[0]++);

        habits.outage(true).outage(true);
        assertThat(statuses(habits, 1)).containsExactly(503);
        habits.outage(false).outage(false);
        assertThat(released[0]).isEqualTo(1);
        assertThat(statuses(habits, 1)).containsExactly(200);
    }

    private List<String> run(Habits habits) {
        habits.errors(0.3).slowAnswers(Duration.ofMillis(50), 0.5);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            outcomes.add(switch (habits.decide(false)) {
                case Verdict.Refuse r -> Integer.toString(r.status());
                case Verdict.Proceed p -> p.latency().isZero() ? "fast" : "slow";
            });
        }
        return outcomes;
    }

    private static List<Integer> statuses(Habits habits, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(habits.decide(false) instanceof Verdict.Refuse r ? r.status() : 200);
        return out;
    }
}
