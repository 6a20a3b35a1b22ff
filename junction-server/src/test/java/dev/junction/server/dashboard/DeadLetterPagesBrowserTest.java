package dev.junction.server.dashboard;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.store.DeliveryView;
import dev.junction.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dead letters' "More" in a real headless Chromium against a gateway on SQLite: the rows it adds stay shown as the
 * page refreshes (every 5 s), in the store's order. They used to be dropped by the next refresh, which showed the
 * first page again, so the 51st dead letter could be looked at for a few seconds at most.
 */
class DeadLetterPagesBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DEAD = 62;

    @TempDir
    Path dir;

    private Downstream receiver;
    private Gateway gateway;
    private ChromeDriver browser;
    private FluentWait<WebDriver> wait;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (gateway != null) gateway.close();
        if (receiver != null) receiver.close();
    }

    @Test
    void rowsAddedByMoreStayThroughRefreshes() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        receiver = new Downstream().script(n -> Reply.status(422));
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s", retry: { max-attempts: 1 } }
                routes:
                  - from: stripe
                    to: [billing]
                delivery: { workers: 4, poll-interval: 100ms, lease: 4s }
                """.formatted(receiver.url())));
        Store store = gateway.pipeline().store();
        for (int i = 0; i < DEAD; i++) assertThat(postStripe(gateway.port(), stripeEvent("evt_dead_" + i)).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> deadIds(store).size() == DEAD);
        List<String> all = deadIds(store);

        browser.get("http://127.0.0.1:" + gateway.port() + "/");
        wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        wait.until(d -> shown().equals(all.subList(0, 50)) && d.findElement(By.id("dead-more")).isDisplayed());

        browser.findElement(By.id("dead-more")).click();
        wait.until(d -> shown().equals(all));
        assertThat(browser.findElement(By.id("dead-more")).isDisplayed()).isFalse();

        // Two refreshes later (so one began after the click), every row is still there.
        for (int refreshes = 0; refreshes < 2; refreshes++) {
            String updated = text("#updated");
            wait.until(d -> !text("#updated").equals(updated));
        }
        assertThat(shown()).isEqualTo(all);
    }

    @Test
    void anOutboundEndpointsDeadLetterSaysWhoseEndpointItIsAndWhereItPoints() throws Exception {
        // Before: the row and the message's story named the delivery's destination as its ep_ id alone.
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        receiver = new Downstream().script(n -> Reply.status(422));
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s" }
                routes:
                  - from: stripe
                    to: [billing]
                delivery: { workers: 4, poll-interval: 100ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(receiver.url())));
        int port = gateway.port();
        assertThat(postJson(port, "/api/v1/apps", "{\"uid\":\"acme\",\"name\":\"Acme Corp\"}").statusCode()).isEqualTo(201);
        var created = postJson(port, "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String endpoint = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("id").asText();
        assertThat(postJson(port, "/api/v1/apps/acme/messages", "{\"event_type\":\"invoice.paid\",\"payload\":{}}").statusCode())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> deadIds(gateway.pipeline().store()).size() == 1);

        browser.get("http://127.0.0.1:" + port + "/");
        wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        String where = "endpoint of Acme Corp at " + java.net.URI.create(receiver.url()).getAuthority();
        wait.until(d -> text("#dead-letters tbody tr[data-id]").contains(where));

        // The customer's endpoint has its own row (the Destinations table lists configured destinations only), and its
        // flow names the customer, not the bare ep_ id.
        String row = "#endpoints tr[data-destination='" + endpoint + "'] ";
        wait.until(d -> !d.findElements(By.cssSelector(row)).isEmpty() && text(row + "td.dead").equals("1"));
        assertThat(text(row + "td.app")).isEqualTo("Acme Corp");
        assertThat(text(row + "td.url")).isEqualTo(receiver.url());
        assertThat(text(row + "td.breaker")).isEqualToIgnoringCase("closed");
        assertThat(text(row + "td.state")).isEqualTo("enabled");
        assertThat(text(row + "td.pending")).isEqualTo("0");
        assertThat(text("#flows tr[data-destination='" + endpoint + "'] td.destination")).isEqualTo("endpoint of Acme Corp");

        browser.findElement(By.cssSelector("#dead-letters tbody tr[data-id] .message-link")).click();
        wait.until(d -> d.findElements(By.cssSelector("li.delivery h4")).stream().anyMatch(h -> h.getText().contains(where)));
        // A published message has no verification by design: not a source since removed from the config.
        assertThat(text("#story li.verified")).isEqualTo("Published through the API by application Acme Corp");
    }

    private static List<String> deadIds(Store store) {
        return store.deadLetters(Optional.empty(), Optional.empty(), 500).stream().map(DeliveryView::id).toList();
    }

    private List<String> shown() {
        return browser.findElements(By.cssSelector("#dead-letters tbody tr[data-id]")).stream().map(r -> r.getAttribute("data-id")).toList();
    }

    private String text(String css) {
        WebElement e = browser.findElement(By.cssSelector(css));
        return e.getText().trim();
    }
}
