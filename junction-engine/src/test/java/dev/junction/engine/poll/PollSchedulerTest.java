package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.PollSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.append.Appender;
import dev.junction.engine.route.Router;
import dev.junction.store.PageRequest;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's steps racing the polls they started, on real threads, a real API on 127.0.0.1 and SQLite. */
class PollSchedulerTest {

    @TempDir
    Path dir;

    /**
     * Each round the clock moves one interval and stands still, so each source must be polled exactly once in it
     * however often, and from however many threads, the scheduler looks. A step that read a source's old due time
     * while its poll was ending polled it again at once (a gateway on a loaded machine: 2 of 157 polls a few
     * milliseconds after the one before; a calendar's booking missed by both would count as missed twice).
     */
    @Test
    void eachSourceIsPolledOnceARoundHoweverOftenAndFromHoweverManyThreadsTheSchedulerLooks() throws Exception {
        PollerTest.ManualClock clock = new PollerTest.ManualClock();
        HttpClient http = HttpClient.newHttpClient();
        try (FakeApi api = new FakeApi(); JdbcStore store = TestDatabases.sqlite(dir);
             ExecutorService pool = Executors.newFixedThreadPool(4); ExecutorService lookers = Executors.newFixedThreadPool(3)) {
            api.put("01", "{\"id\":1,\"name\":\"Ada\"}");
            Map<String, PollSpec> polls = new LinkedHashMap<>();
            List<RouteSpec> routes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                polls.put("s" + i, new PollSpec(api.url("/items?s=" + i), Duration.ofMinutes(1), null, null, "/results", "/id", null, null,
                        new PollSpec.Pagination.LinkHeader("next"), 0, Duration.ofSeconds(5)));
                routes.add(new RouteSpec("s" + i, List.of("billing")));
            }
            Appender appender = new Appender(store, new Router(routes), clock, new Ids(clock, new Random(7)), Appender.Handoff.NONE);
            Poller poller = new Poller(polls, store, appender, http, clock, new Ids(clock, new Random(3)), "node-a", Duration.ofMinutes(5));
            PollScheduler scheduler = new PollScheduler(poller, clock, new Random(5), pool);

            for (int round = 1; round <= 20; round++) {
                clock.advance(Duration.ofMinutes(5)); // beyond any jitter and idle slowing: every source is due, once
                int expected = round;
                java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
                List<java.util.concurrent.Future<?>> looking = new ArrayList<>();
                for (int t = 0; t < 3; t++) looking.add(lookers.submit(() -> { while (!done.get()) scheduler.step(); }));
                await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.due().size() == polls.size()
                        && polls.keySet().stream().allMatch(s -> store.polls(s, PageRequest.newestFirst(null, 100)).size() >= expected));
                done.set(true);
                for (java.util.concurrent.Future<?> f : looking) f.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.due().size() == polls.size());
                for (String source : polls.keySet()) {
                    assertThat(store.polls(source, PageRequest.newestFirst(null, 100))).as(source + " in round " + round).hasSize(expected);
                }
            }
        }
    }
}
