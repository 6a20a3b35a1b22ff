package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.PollSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.append.Appender;
import dev.junction.engine.route.Router;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.PageRequest;
import dev.junction.store.PollRecord;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full listing answered empty with 200 where the last poll knew a few items: the mass-removal guard counted only
 * losses above its minimum (10), so an API glitch on a small listing (3 contacts) deleted every one downstream (found
 * by a probe). Empty where items were known is held whatever the count, as an empty calendar is; partial losses of a
 * small listing still delete.
 */
class EmptyListingTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private JdbcStore store;
    private FakeApi api;
    private Poller poller;

    @BeforeEach
    void open() throws Exception {
        store = TestDatabases.sqlite(dir);
        api = new FakeApi();
        api.pageSize = 50;
        PollSpec spec = new PollSpec(api.url("/items"), Duration.ofMinutes(1), null, null, "/results", "/id", null, null,
                new PollSpec.Pagination.LinkHeader("next"), 0, Duration.ofSeconds(5));
        Appender appender = new Appender(store, new Router(List.of(new RouteSpec("crm", List.of("billing")))), clock,
                new Ids(clock, new Random(7)), Appender.Handoff.NONE);
        poller = new Poller(Map.of("crm", spec), store, appender, HttpClient.newHttpClient(), clock, new Ids(clock, new Random(3)), "node-a",
                Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        api.close();
        store.close();
    }

    private PollResult.Done poll(boolean takeDeletions) throws InterruptedException {
        PollResult result = poller.poll("crm", takeDeletions);
        assertThat(result).isInstanceOf(PollResult.Done.class);
        return (PollResult.Done) result;
    }

    private long deletions() {
        return store.messages(MessageFilter.ALL.source("crm"), PageRequest.oldestFirst(null, 100)).stream()
                .map(MessageSummary::eventType).filter("item.deleted"::equals).count();
    }

    @Test
    void anEmptyListingWhereAFewItemsWereKnownDeletesNoneUntilAnOperatorTakesIt() throws Exception {
        for (int i = 1; i <= 3; i++) api.put("0" + i, "{\"id\":" + i + ",\"name\":\"n" + i + "\"}");
        poll(false);
        for (int i = 1; i <= 3; i++) api.remove("0" + i);

        PollResult.Done held = poll(false);

        assertThat(held.withheldDeletions()).isEqualTo(3);
        assertThat(held.record().error()).isEqualTo("withheld 3 deletion(s) of 3 known item(s): the listing is empty; if they are really "
                + "gone, POST /api/v1/sources/crm/poll?take-deletions=true");
        assertThat(deletions()).isZero();
        assertThat(store.snapshot("crm")).hasSize(3);

        PollResult.Done taken = poll(true);
        assertThat(taken.record().outcome()).isEqualTo(PollRecord.Outcome.CHANGED);
        assertThat(deletions()).isEqualTo(3);
        assertThat(store.snapshot("crm")).isEmpty();
        assertThat(poll(false).withheldDeletions()).isZero(); // nothing known, nothing to hold
    }

    @Test
    void aSmallListingThatLosesSomeOfItsItemsStillDeletesThem() throws Exception {
        for (int i = 1; i <= 3; i++) api.put("0" + i, "{\"id\":" + i + ",\"name\":\"n" + i + "\"}");
        poll(false);
        api.remove("01").remove("02");

        assertThat(poll(false).withheldDeletions()).isZero();
        assertThat(deletions()).isEqualTo(2);
    }
}
