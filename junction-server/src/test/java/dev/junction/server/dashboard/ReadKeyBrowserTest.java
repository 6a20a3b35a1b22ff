package dev.junction.server.dashboard;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.server.auth.ApiKeys;
import dev.junction.store.ApiKey;
import dev.junction.store.DeliveryView;
import dev.junction.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard with a read key, in a real headless Chromium against a gateway on SQLite: a replay is refused (403),
 * the page says so, and it goes on showing what the store holds. A 403 used to stop the page's polling as a wrong key
 * (401) does, so after one refused click it showed stale figures until reloaded.
 */
class ReadKeyBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Downstream receiver;
    private Gateway gateway;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (gateway != null) gateway.close();
        if (receiver != null) receiver.close();
    }

    @Test
    void aRefusedReplayLeavesTheDashboardRefreshing() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        receiver = new Downstream().script(n -> Reply.status(422));
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s", retry: { max-attempts: 1 } }
                routes:
                  - from: stripe
                    to: [billing]
                delivery: { workers: 2, poll-interval: 100ms, lease: 4s }
                """.formatted(receiver.url())));
        Store store = gateway.pipeline().store();
        String readKey = ApiKeys.issue(store, "viewer", ApiKey.Role.READ, Instant.now(), new SecureRandom()).key();
        assertThat(postStripe(gateway.port(), stripeEvent("evt_refused_1")).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> store.deadLetters(Optional.empty(), Optional.empty(), 10).size() == 1);
        DeliveryView dead = store.deadLetters(Optional.empty(), Optional.empty(), 10).get(0);

        browser.get("http://127.0.0.1:" + gateway.port() + "/");
        FluentWait<WebDriver> wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        browser.findElement(By.id("api-key")).sendKeys(readKey);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        wait.until(d -> text("#dead-letters tbody tr[data-id] td.id").equals(dead.id()));

        wait.until(d -> {
            d.findElement(By.cssSelector("#dead-letters tr[data-id='" + dead.id() + "'] button.replay")).click();
            return true;
        });
        wait.until(d -> text("#notice").contains("403"));
        assertThat(text("#notice")).contains("role read");

        // The page still reads: a second event, arriving after the refusal, shows up by itself.
        assertThat(postStripe(gateway.port(), stripeEvent("evt_refused_2")).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> store.deadLetters(Optional.empty(), Optional.empty(), 10).size() == 2);
        List<String> deadIds = store.deadLetters(Optional.empty(), Optional.empty(), 10).stream().map(DeliveryView::id).toList();
        wait.until(d -> text("#backlog-dead").equals("2")
                && d.findElements(By.cssSelector("#dead-letters tbody tr[data-id]")).stream().map(r -> r.getAttribute("data-id")).toList()
                        .equals(deadIds));
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
        assertThat(store.delivery(dead.id()).orElseThrow().state().name()).isEqualTo("DEAD");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }
}
