package dev.junction.server.dashboard;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.model.DeliveryState;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.MessageFilter;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.WebDriver;

/**
 * The dashboard in a real headless Chromium, against a real gateway on SQLite whose admin API wants
 * an API key: billing refuses some events (422) until it is healed and fails one once (503); crm answers
 * 503 to everything, so its breaker opens and its deliveries wait. Every figure the page shows is
 * compared with the store, and so are the charts' points and tooltips. Screenshots go to target/screenshots.
 */
class DashboardBrowserTest {

    /** In a broker destination's URL: the page must never show it. */
    private static final String BROKER_PASSWORD = "Dashb0ard-s3cret";

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private final AtomicBoolean healed = new AtomicBoolean();
    /** Everything started, closed in reverse order. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Downstream billing;
    private Gateway gateway;
    private ChromeDriver browser;
    private FluentWait<WebDriver> wait;

    private <T extends AutoCloseable> T opened(T resource) {
        started.push(resource);
        return resource;
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) browser.quit();
        while (!started.isEmpty()) started.pop().close();
    }

    private Reply billingAnswer(String body, int attempt) {
        if (body.contains("fail") && !healed.get()) return Reply.status(422);
        if (body.contains("flaky") && attempt == 1) return Reply.status(503);
        return Reply.ok();
    }

    private Store store() {
        return gateway.pipeline().store();
    }

    @Test
    void theDashboardShowsWhatTheStoreHoldsAndReplaysDeadLetters() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        if (Files.isDirectory(SCREENSHOTS)) {
            try (var old = Files.list(SCREENSHOTS)) {
                for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) Files.delete(png);
            }
        }
        billing = opened(new Downstream().scriptByBody(this::billingAnswer));
        Downstream crm = opened(new Downstream().script(n -> Reply.status(503)));
        gateway = opened(dev.junction.server.TestGateways.start(config(stripeGateway(dir) + """
                destinations:
                  billing:
                    url: "%s"
                    retry: { max-attempts: 3, initial-delay: 50ms, max-delay: 100ms }
                  crm:
                    url: "%s"
                    retry: { max-attempts: 10, initial-delay: 50ms, max-delay: 100ms }
                    breaker: { failure-rate: 50, minimum-calls: 2, window: 2, open-for: 1h, half-open-calls: 1 }
                  ledger: { url: "amqp://guest:%s@127.0.0.1:9/%%2F", routing-key: ledger }
                routes:
                  - from: stripe
                    to: [billing, crm]
                delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                """.formatted(billing.url(), crm.url(), BROKER_PASSWORD))));

        for (String event : List.of("evt_ok_1", "evt_ok_2", "evt_ok_3", "evt_flaky_1", "evt_fail_1", "evt_fail_2")) {
            assertThat(postStripe(gateway.port(), stripeEvent(event)).statusCode()).isEqualTo(202);
        }
        // Settled: billing has finished everything; crm's breaker is open and all its retries are due but held.
        await().atMost(WAIT).until(() -> {
            DestinationBacklog b = backlog("billing");
            DestinationBacklog c = backlog("crm");
            return b.pending() + b.inFlight() == 0 && b.dead() == 2 && "OPEN".equals(gateway.pipeline().dispatcher().breakerStates().get("crm"))
                    && c.inFlight() == 0 && c.pending() == 6 && c.due() == 6;
        });

        // Without a key the API refuses, and the page says what to do.
        browser.get("http://127.0.0.1:" + gateway.port() + "/");
        wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
        assertThat(text("#banner")).contains("401").contains("API key");
        screenshot("01-api-key-needed");

        browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
        click("#key-form button[type=submit]");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
        wait.until(d -> text("#backlog-dead").equals("2"));

        // Overview, per destination and per flow: each figure as the store has it.
        long attempts = attempts("billing").size() + attempts("crm").size();
        long succeeded = countOutcome("billing", "SUCCESS") + countOutcome("crm", "SUCCESS");
        assertThat(text("#stat-received")).isEqualTo("6");
        assertThat(text("#stat-received-rate")).isEqualTo("0.4/min"); // 6 in 15 minutes
        assertThat(text("#stat-attempts")).isEqualTo(String.valueOf(attempts));
        assertThat(text("#stat-succeeded")).isEqualTo(String.valueOf(succeeded)).isEqualTo("4");
        assertThat(text("#stat-failed")).isEqualTo(String.valueOf(attempts - succeeded));
        assertThat(text("#backlog-pending")).isEqualTo(String.valueOf(backlog("billing").pending() + backlog("crm").pending())).isEqualTo("6");
        assertThat(text("#backlog-due")).isEqualTo("6");
        assertThat(text("#backlog-in-flight")).isEqualTo("0");
        assertThat(text("#stat-died")).isEqualTo("2");
        assertThat(text("#destinations tr[data-destination=crm] td.breaker")).isEqualToIgnoringCase("open");
        // A broker destination (routed from nowhere here) is listed like the others, with where it publishes and no password.
        assertThat(text("#destinations tr[data-destination=ledger] td.url")).isEqualTo("amqp://127.0.0.1:9/%2F → (default exchange), routing key ledger");
        assertThat(browser.getPageSource()).doesNotContain(BROKER_PASSWORD);
        assertThat(text("#destinations tr[data-destination=billing] td.breaker")).isEqualToIgnoringCase("closed");
        assertThat(text("#destinations tr[data-destination=crm] td.pending")).isEqualTo(String.valueOf(backlog("crm").pending()));
        assertThat(text("#destinations tr[data-destination=billing] td.dead")).isEqualTo(String.valueOf(backlog("billing").dead()));
        assertThat(text("#flows tr[data-destination=billing] td.attempts")).isEqualTo(String.valueOf(attempts("billing").size())).isEqualTo("7");
        assertThat(text("#flows tr[data-destination=billing] td.retryable")).isEqualTo("1");
        assertThat(text("#flows tr[data-destination=billing] td.permanent")).isEqualTo("2");
        assertThat(text("#flows tr[data-destination=crm] td.attempts")).isEqualTo(String.valueOf(attempts("crm").size()));
        assertThat(text("#sources tr[data-source=stripe] td.received")).isEqualTo("6");
        List<DeliveryView> dead = store().deadLetters(Optional.empty(), Optional.empty(), 10);
        assertThat(rows("#dead-letters tbody tr[data-id]")).extracting(r -> r.getAttribute("data-id"))
                .containsExactly(dead.get(0).id(), dead.get(1).id());
        screenshot("02-overview");

        // The charts of the window (15 minutes in 10 s buckets, 91 of them), each line drawn through every bucket;
        // latency has a point only where there were attempts.
        assertThat(chart("chart-throughput")).containsEntry("buckets", "91").containsEntry("drawn", true)
                .containsEntry("lines", List.of("received 91", "delivered 91", "failed 91"))
                .containsEntry("legend", List.of("Received", "Delivered", "Failed attempts"));
        assertThat(chart("chart-backlog")).containsEntry("buckets", "91").containsEntry("drawn", true)
                .containsEntry("lines", List.of("backlog 91")).containsEntry("legend", List.of("Waiting deliveries"));
        Map<String, Object> latency = chart("chart-latency");
        assertThat(latency).containsEntry("buckets", "91").containsEntry("drawn", true).containsEntry("legend", List.of("p50", "p99"));
        assertThat((List<?>) latency.get("lines")).map(String::valueOf).satisfiesExactly(
                l -> assertThat(l).matches("p50 [1-9][0-9]?"), l -> assertThat(l).matches("p99 [1-9][0-9]?"));
        // Hovering the 10 s bucket that received the most messages shows its figures as the store has them.
        Map<Long, Long> receivedPerBucket = store().messages(MessageFilter.ALL, PageRequest.newestFirst(null, 100)).stream()
                .collect(Collectors.groupingBy(m -> m.receivedAt().toEpochMilli() / 10_000 * 10_000, Collectors.counting()));
        Map.Entry<Long, Long> busiest = Collections.max(receivedPerBucket.entrySet(), Map.Entry.comparingByValue());
        hover("#chart-throughput rect.hit[data-start='" + Instant.ofEpochMilli(busiest.getKey()).toString().replace("Z", ".000Z") + "']");
        wait.until(d -> text("#chart-throughput .tip dd[data-series=received]").equals(String.valueOf(busiest.getValue())));
        assertThat(browser.findElement(By.cssSelector("#chart-throughput .tip")).getAttribute("textContent")).contains("Delivered", "Failed attempts");
        screenshot("02b-charts-tooltip");
        // The keyboard reaches the same figures: the chart takes the focus, the arrow keys step through its buckets.
        hover("#chart-backlog figcaption");
        wait.until(d -> !d.findElement(By.cssSelector("#chart-throughput .tip")).isDisplayed());
        browser.executeScript("arguments[0].focus()", browser.findElement(By.cssSelector("#chart-throughput svg")));
        wait.until(d -> d.findElement(By.cssSelector("#chart-throughput .tip")).isDisplayed());
        String busiestStart = Instant.ofEpochMilli(busiest.getKey()).toString().replace("Z", ".000Z");
        int busiestIndex = Integer.parseInt(browser.findElement(By.cssSelector("#chart-throughput rect.hit[data-start='" + busiestStart + "']"))
                .getAttribute("data-index"));
        // Keys go to whatever has the focus, as a person's do: a redraw in between must hand it on.
        new Actions(browser).sendKeys(org.openqa.selenium.Keys.HOME).perform();
        for (int i = 0; i < busiestIndex; i++) new Actions(browser).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT).perform();
        wait.until(d -> text("#chart-throughput .tip dd[data-series=received]").equals(String.valueOf(busiest.getValue())));
        new Actions(browser).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        wait.until(d -> !d.findElement(By.cssSelector("#chart-throughput .tip")).isDisplayed());

        // Replay one dead letter from its row: it goes out again and is delivered.
        healed.set(true);
        DeliveryView first = dead.get(0);
        click("#dead-letters tr[data-id='" + first.id() + "'] button.replay");
        await().atMost(WAIT).until(() -> store().delivery(first.id()).orElseThrow().state() == DeliveryState.SUCCEEDED);
        assertThat(billing.succeeded()).extracting(r -> r.header("webhook-id")).contains(first.messageId());
        assertThat(text("#notice")).contains("Replayed " + first.id());
        wait.until(d -> text("#backlog-dead").equals("1") && rows("#dead-letters tbody tr[data-id]").size() == 1);
        screenshot("03-replayed-one");

        // Its story keeps the refused attempt and adds the one after the replay.
        click("#messages tr[data-id='" + first.messageId() + "'] a.message-link");
        wait.until(d -> rows("#story li.delivery[data-destination=billing] table.attempts tbody tr").size() == 2);
        assertThat(rows("#story li.delivery[data-destination=billing] table.attempts tbody tr")).extracting(WebElement::getText)
                .satisfiesExactly(r -> assertThat(r).contains("permanent").contains("422"), r -> assertThat(r).contains("success").contains("200"));
        assertThat(text("#story li.delivery[data-destination=billing] h4")).containsIgnoringCase("succeeded");
        screenshot("04-replayed-story");
        click("#story button.close");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("story")));

        // The remaining dead letter's message: its whole story, attempt by attempt.
        DeliveryView second = dead.get(1);
        click("#dead-letters tr[data-id='" + second.id() + "'] a.message-link");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("story")));
        wait.until(d -> text("#story-body h2").contains(second.messageId()));
        assertThat(text("#story li.received")).startsWith("Received");
        assertThat(text("#story li.verified")).contains("stripe signature checked");
        List<WebElement> billingAttempts = rows("#story li.delivery[data-destination=billing] table.attempts tbody tr");
        assertThat(billingAttempts).hasSize(store().attempts(second.id()).size()).hasSize(1);
        assertThat(billingAttempts.get(0).getText()).contains("422");
        String crmDelivery = store().deliveriesOf(second.messageId()).stream().filter(d -> d.destination().equals("crm")).findFirst().orElseThrow().id();
        assertThat(rows("#story li.delivery[data-destination=crm] table.attempts tbody tr")).hasSize(store().attempts(crmDelivery).size());
        // crm's delivery waits behind its open breaker: the story says so, not only a "Next attempt" time long past.
        assertThat(text("#story li.delivery[data-destination=crm] p.held")).startsWith("Held: the circuit breaker is open");
        screenshot("05-dead-letter-story");
        click("#story button.close");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("story")));

        // Search: by status, and by dedupe key to the story of a delivery that succeeded on its second try.
        new Select(browser.findElement(By.cssSelector("#search select[name=status]"))).selectByValue("dead");
        click("#search button[type=submit]");
        wait.until(d -> rows("#messages tbody tr[data-id]").size() == 1
                && rows("#messages tbody tr[data-id]").get(0).getAttribute("data-id").equals(second.messageId()));
        new Select(browser.findElement(By.cssSelector("#search select[name=status]"))).selectByValue("");
        browser.findElement(By.cssSelector("#search input[name=dedupe_key]")).sendKeys("evt_flaky_1");
        click("#search button[type=submit]");
        wait.until(d -> rows("#messages tbody tr[data-id]").size() == 1 && text("#messages td.key").equals("evt_flaky_1"));
        screenshot("06-search");
        click("#messages a.message-link");
        wait.until(d -> rows("#story li.delivery[data-destination=billing] table.attempts tbody tr").size() == 2);
        assertThat(rows("#story li.delivery[data-destination=billing] table.attempts tbody tr")).extracting(WebElement::getText)
                .satisfiesExactly(r -> assertThat(r).contains("retryable").contains("503"), r -> assertThat(r).contains("success").contains("200"));
        screenshot("07-retried-story");
        click("#story button.close");

        // Replay everything dead for a destination, after the confirmation.
        wait.until(d -> !rows("#destinations tr[data-destination=billing] button.replay-all").isEmpty());
        click("#destinations tr[data-destination=billing] button.replay-all");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        await().atMost(WAIT).until(() -> store().delivery(second.id()).orElseThrow().state() == DeliveryState.SUCCEEDED);
        wait.until(d -> text("#backlog-dead").equals("0") && text("#dead-letters tbody").contains("No dead letters"));
        assertThat(billing.succeeded()).extracting(r -> r.header("webhook-id")).contains(second.messageId());
        // The figures follow: both replayed deliveries' attempts are counted, as the store has them.
        wait.until(d -> text("#stat-attempts").equals(String.valueOf(attempts("billing").size() + attempts("crm").size()))
                && text("#stat-succeeded").equals("6") && text("#stat-died").equals("0"));
        assertThat(attempts("billing")).hasSize(9);
        screenshot("08-all-replayed");

        // The charts follow the window (5 minutes: 31 buckets of 10 s) and now span the replays: hovering the
        // bucket of the last delivery shows it delivered.
        new Select(browser.findElement(By.id("window"))).selectByValue("5m");
        wait.until(d -> "31".equals(d.findElement(By.id("chart-throughput")).getAttribute("data-buckets")));
        // The same 6 messages in a window a third as long: three times the rate, though no figure changed.
        wait.until(d -> text("#stat-received-rate").equals("1.2/min"));
        Instant lastDelivery = attempts("billing").stream().filter(a -> a.outcome().name().equals("SUCCESS")).map(AttemptRecord::startedAt)
                .max(Instant::compareTo).orElseThrow();
        String bucket = Instant.ofEpochMilli(lastDelivery.toEpochMilli() / 10_000 * 10_000).toString().replace("Z", ".000Z");
        wait.until(d -> d.findElements(By.cssSelector("#chart-throughput rect.hit[data-start='" + bucket + "']")).size() == 1);
        browser.executeScript("window.scrollTo(0, 0)");
        hover("#chart-throughput rect.hit[data-start='" + bucket + "']");
        wait.until(d -> !text("#chart-throughput .tip dd[data-series=delivered]").equals("0"));
        screenshot("09-charts-after-replays");
    }

    private DestinationBacklog backlog(String destination) {
        return store().backlog(Instant.now()).stream().filter(b -> b.destination().equals(destination)).findFirst()
                .orElse(DestinationBacklog.empty(destination));
    }

    private List<AttemptRecord> attempts(String destination) {
        return store().deliveries(DeliveryFilter.ALL.destination(destination), PageRequest.newestFirst(null, 500)).stream()
                .flatMap(d -> store().attempts(d.id()).stream()).toList();
    }

    private long countOutcome(String destination, String outcome) {
        return attempts(destination).stream().filter(a -> a.outcome().name().equals(outcome)).count();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    /** Clicks what the selector finds, finding it again if a refresh replaced it in between. */
    private void click(String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** Moves the pointer over what the selector finds, finding it again if a refresh redrew it in between. */
    private void hover(String css) {
        wait.until(d -> {
            new Actions(d).moveToElement(d.findElement(By.cssSelector(css))).perform();
            return true;
        });
    }

    /**
     * A chart as drawn at one moment (a refresh redraws it whole when a new bucket starts): its bucket count,
     * each line as "series points", whether every line has a path, and its legend.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> chart(String id) {
        return (Map<String, Object>) browser.executeScript("""
                const f = document.getElementById(arguments[0]);
                const lines = [...f.querySelectorAll('path.line')];
                return { buckets: f.dataset.buckets, lines: lines.map((p) => `${p.dataset.series} ${p.dataset.points}`),
                         drawn: lines.every((p) => p.getAttribute('d').startsWith('M')),
                         legend: [...f.querySelectorAll('.legend li')].map((li) => li.textContent) };""", id);
    }

    private List<WebElement> rows(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
