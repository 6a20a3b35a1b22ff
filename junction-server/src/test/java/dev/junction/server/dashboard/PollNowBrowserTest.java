package dev.junction.server.dashboard;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.store.MessageFilter;
import dev.junction.store.PageRequest;
import dev.junction.store.PollRecord;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Poll now" on the dashboard, in a real headless Chromium: a polled source's button runs one poll through the
 * admin API, its items become messages in the store, and the recent polls the page lists are the store's records.
 */
class PollNowBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ChromeDriver browser;
    private HttpServer api;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (api != null) api.stop(0);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    @Test
    void pollNowRunsOnePollAndThePageListsTheStoresPollRecords() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        AtomicReference<String> listing = new AtomicReference<>("{\"results\":[{\"id\":\"c1\",\"email\":\"ada@example.com\"},"
                + "{\"id\":\"c2\",\"email\":\"alan@example.com\"}]}");
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        api.createContext("/contacts", exchange -> {
            try (exchange) {
                byte[] body = listing.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        api.start();
        try (Downstream crmHooks = new Downstream();
             Gateway gateway = start(config("""
                     server: { host: 127.0.0.1, port: 0 }
                     store: { url: "sqlite:%s/junction.db" }
                     sources:
                       crm:
                         poll: { url: "http://127.0.0.1:%d/contacts", every: 1h, items: /results, id: /id }
                     destinations:
                       hooks: { url: "%s" }
                     routes:
                       - { from: crm, to: [hooks] }
                     delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                     """.formatted(dir, api.getAddress().getPort(), crmHooks.url())))) {
            var store = gateway.pipeline().store();
            // A first poll (the scheduler's would come within a jittered share of the hour) sees the two contacts.
            assertThat(gateway.pipeline().poller().poll("crm")).isInstanceOf(dev.junction.engine.poll.PollResult.Done.class);
            listing.set("{\"results\":[{\"id\":\"c1\",\"email\":\"ada@example.org\"},{\"id\":\"c2\",\"email\":\"alan@example.com\"},"
                    + "{\"id\":\"c3\",\"email\":\"grace@example.com\"}]}");

            browser.get("http://127.0.0.1:" + gateway.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
            browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#sources tr[data-source=crm] button[data-poll=crm]")).isEmpty());
            assertThat(browser.findElements(By.cssSelector("#sources button[data-poll]"))).as("only polled sources have the button").hasSize(1);

            browser.findElement(By.cssSelector("#sources tr[data-source=crm] button[data-poll=crm]")).click();
            wait.until(d -> text("#poll-status").startsWith("crm: changed"));

            List<PollRecord> records = store.polls("crm", PageRequest.newestFirst(null, 10));
            assertThat(records).hasSize(2);
            assertThat(records.get(0).changes()).as("c1 changed, c3 created").isEqualTo(2);
            assertThat(text("#poll-status")).contains("3 items").contains("2 changes");
            wait.until(d -> d.findElements(By.cssSelector("#polls tbody tr[data-poll]")).size() == 2);
            List<WebElement> rows = browser.findElements(By.cssSelector("#polls tbody tr[data-poll]"));
            assertThat(rows).extracting(r -> r.getAttribute("data-poll")).containsExactly(records.get(0).id(), records.get(1).id());
            assertThat(rows.get(0).findElement(By.cssSelector("td.changes")).getText()).isEqualTo("2");
            assertThat(store.messages(MessageFilter.ALL.source("crm"), PageRequest.newestFirst(null, 10))).as("2 created, then 1 updated and 1 created")
                    .hasSize(4);
            new WebDriverWait(browser, WAIT).until(d -> crmHooks.succeeded().size() == 4);
            Path shot = Path.of("target", "screenshots", "dashboard-poll-now.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }
}
