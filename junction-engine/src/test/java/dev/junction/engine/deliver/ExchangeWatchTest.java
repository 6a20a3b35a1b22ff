package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/** One sweep guards every exchange in flight against a callback that never comes, driven here by a hand-moved clock. */
class ExchangeWatchTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ExchangeWatch watch = new ExchangeWatch(now::get);

    /** Watched by identity, as the sender's answers are. */
    private static final class Exchange implements ExchangeWatch.Watched {
        private final String name;
        private final List<String> told;

        Exchange(String name, List<String> told) {
            this.name = name;
            this.told = told;
        }

        @Override
        public void overdue(Duration late) {
            told.add(name + " late by " + late.toMillis() + " ms");
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aSweepEndsOnlyTheExchangesPastTheirDeadlineAndEachOnlyOnce() {
        List<String> told = new ArrayList<>();
        watch.watch(new Exchange("a", told), Duration.ofSeconds(1));
        watch.watch(new Exchange("b", told), Duration.ofSeconds(5));

        assertThat(watch.sweep()).as("nothing is due yet").isZero();
        advance(Duration.ofMillis(2_500));
        assertThat(watch.sweep()).isEqualTo(1);
        assertThat(told).containsExactly("a late by 1500 ms");
        assertThat(watch.sweep()).as("told once").isZero();

        advance(Duration.ofSeconds(3));
        assertThat(watch.sweep()).isEqualTo(1);
        assertThat(told).containsExactly("a late by 1500 ms", "b late by 500 ms");
        assertThat(watch.watched()).isZero();
    }

    @Test
    void anExchangeThatEndedInTimeIsNeverTold() {
        List<String> told = new ArrayList<>();
        Exchange e = new Exchange("a", told);
        watch.watch(e, Duration.ofSeconds(1));
        watch.done(e);
        advance(Duration.ofMinutes(1));

        assertThat(watch.sweep()).isZero();
        assertThat(told).isEmpty();
    }

    @Test
    void anAnswerToldItIsOverdueEndsItsWaitAsATimeout() throws Exception {
        HttpClient client = new HttpClient();
        HttpSender.Answer answer = new HttpSender.Answer(256, client.newRequest("http://127.0.0.1:9/never"));

        answer.overdue(Duration.ofMillis(200));

        assertThatThrownBy(answer.done::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class)
                .hasMessage("the exchange had not ended 5200 ms after its timeout");
    }
}
