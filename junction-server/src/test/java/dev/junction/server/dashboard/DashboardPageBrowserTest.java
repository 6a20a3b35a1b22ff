package dev.junction.server.dashboard;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.store.DeliveryView;
import dev.junction.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The overview as a person uses it, in a real headless Chromium: a destination's pause says since when and why, the
 * keyboard focus survives a refresh that rebuilds its table, an action's error outlasts refreshes (and hides an earlier
 * success's notice) until dismissed, a refused or forgotten key leaves nothing of the previous key's shown, the
 * message story fits a phone, and the Syncs page says its review queue is empty when there is no sync.
 */
class DashboardPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The browser runs in Tokyo (no summer time), whatever this machine's zone: every time shown says its zone. */
    private static final String TOKYO = "Asia/Tokyo";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT+9'").withZone(ZoneId.of(TOKYO));

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
    void focusErrorsKeysPausesAndAPhoneAreAsAPersonNeedsThem() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", TOKYO));
        receiver = new Downstream().script(n -> Reply.status(422));
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s", retry: { max-attempts: 1 } }
                  ledger: { url: "%s" }
                routes:
                  - from: stripe
                    to: [billing]
                delivery: { workers: 2, poll-interval: 100ms, lease: 4s }
                """.formatted(receiver.url(), receiver.url())));
        List<String> dead = deadAfter("evt_page_1", 1);
        deadAfter("evt_page_2", 2);

        browser.get("http://127.0.0.1:" + gateway.port() + "/");
        wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        useKey(ADMIN_KEY);
        wait.until(d -> deadRows().size() == 2);

        // The window chosen outlasts a reload (it used to be 15 minutes again).
        new Select(browser.findElement(By.id("window"))).selectByValue("24h");
        browser.navigate().refresh();
        wait.until(d -> deadRows().size() == 2);
        assertThat(new Select(browser.findElement(By.id("window"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("24h");
        // A link to a message pasted into the open page opens its story (it used to do nothing until a reload).
        String messageId = gateway.pipeline().store().delivery(dead.getFirst()).orElseThrow().messageId();
        script("location.hash = '#message=' + encodeURIComponent(arguments[0])", messageId);
        wait.until(d -> (Boolean) script("return document.getElementById('story').open") && text("#story-body h2").contains(messageId));
        click("#story button.close");
        wait.until(d -> !(Boolean) script("return document.getElementById('story').open"));

        // A pause says since when and why, the reason as text.
        admin("POST", "/api/v1/destinations/ledger/pause", "{\"reason\":\"<b>deploy</b> freeze\"}", 200);
        String pausedAt = admin("GET", "/api/v1/destinations/ledger", null, 200).get("pausedAt").asText();
        String ledger = "#destinations tr[data-destination=ledger] td.state";
        wait.until(d -> text(ledger).contains("<b>deploy</b> freeze"));
        assertThat(text(ledger)).contains("paused").contains("since " + LOCAL.format(Instant.parse(pausedAt)));
        assertThat(browser.findElements(By.cssSelector(ledger + " b"))).isEmpty();
        // Every time says its zone: the browser's (it used to be a bare local time).
        assertThat(text("#updated")).endsWith(" GMT+9");
        assertThat(text("#search-zone")).isEqualTo("(times in GMT+9)");

        // The on-call acts from the row: Resume lifts the pause; Pause asks why and pauses with that reason.
        String ledgerRow = "#destinations tr[data-destination=ledger] ";
        click(ledgerRow + "button.resume");
        wait.until(d -> text("#notice").startsWith("Resumed ledger") && text(ledger).equals("active"));
        assertThat(admin("GET", "/api/v1/destinations/ledger", null, 200).get("paused").asBoolean()).isFalse();
        click(ledgerRow + "button.pause");
        var why = wait.until(ExpectedConditions.alertIsPresent());
        why.sendKeys("receiver migration");
        why.accept();
        wait.until(d -> text(ledger).contains("receiver migration"));
        JsonNode paused = admin("GET", "/api/v1/destinations/ledger", null, 200);
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("pauseReason").asText()).isEqualTo("receiver migration");
        // Cancel at the question pauses nothing.
        click(ledgerRow + "button.resume");
        wait.until(d -> text(ledger).equals("active"));
        click(ledgerRow + "button.pause");
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(admin("GET", "/api/v1/destinations/ledger", null, 200).get("paused").asBoolean()).isFalse();
        admin("POST", "/api/v1/destinations/ledger/pause", "{\"reason\":\"<b>deploy</b> freeze\"}", 200);
        wait.until(d -> text(ledger).contains("<b>deploy</b> freeze"));

        // A dead letter's Replay keeps the focus while a new dead letter rebuilds the list.
        String replay = "#dead-letters tr[data-id='" + dead.getFirst() + "'] button.replay";
        script("document.querySelector(arguments[0]).focus()", replay);
        deadAfter("evt_page_3", 3);
        wait.until(d -> deadRows().size() == 3);
        assertThat(focused()).isEqualTo(dead.getFirst() + " replay");

        // A success's notice, then a failed action: the error replaces the notice and outlasts refreshes until dismissed.
        click(replay);
        wait.until(d -> text("#notice").startsWith("Replayed " + dead.getFirst()));
        script("""
                const form = document.querySelector('#search');
                form.received_after.value = '2030-01-01T00:00:00';
                form.received_before.value = '2020-01-01T00:00:00';
                form.requestSubmit();""");
        wait.until(d -> text("#banner").contains("received_before must be later than received_after"));
        assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();
        for (int refreshes = 0; refreshes < 2; refreshes++) {
            String updated = text("#updated");
            wait.until(d -> !text("#updated").equals(updated));
        }
        assertThat(text("#banner")).contains("received_before must be later than received_after");
        click("#banner button.dismiss");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
        script("const form = document.querySelector('#search'); form.reset(); form.requestSubmit();");
        wait.until(d -> text("#messages tbody").contains("evt_page"));

        // A key that is refused: nothing the previous key read stays shown, nor its notice. Forget: the banner says so.
        click(replay);
        wait.until(d -> text("#notice").startsWith("Replayed"));
        useKey("jk_not_a_key");
        wait.until(d -> text("#banner").contains("not accepted"));
        assertThat(browser.findElement(By.tagName("main")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(dead.getFirst()).doesNotContain("deploy");
        click("#forget-key");
        wait.until(d -> text("#banner").contains("No API key"));
        assertThat(text("#banner")).doesNotContain("not accepted");
        assertThat(browser.findElement(By.tagName("main")).isDisplayed()).isFalse();
        useKey(ADMIN_KEY);
        wait.until(d -> !deadRows().isEmpty() && browser.findElement(By.tagName("main")).isDisplayed());
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).as(text("#banner")).isFalse();

        // On a phone the message story fits the screen.
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        wait.until(d -> number("return window.innerWidth") == 390);
        click("#dead-letters tbody tr[data-id] a.message-link");
        wait.until(d -> (Boolean) script("return document.getElementById('story').open"));
        assertThat(number("return Math.ceil(document.getElementById('story').getBoundingClientRect().right)")).isLessThanOrEqualTo(390);
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());

        // No sync configured: the review queue says so, not an empty header.
        browser.get("http://127.0.0.1:" + gateway.port() + "/dashboard/syncs.html");
        wait.until(d -> text("#reviews tbody").contains("No syncs configured"));
    }

    /** Posts a Stripe event and waits until {@code count} deliveries are dead; the dead letters' ids, newest first. */
    private List<String> deadAfter(String event, int count) throws Exception {
        assertThat(postStripe(gateway.port(), stripeEvent(event)).statusCode()).isEqualTo(202);
        Store store = gateway.pipeline().store();
        await().atMost(WAIT).until(() -> store.deadLetters(Optional.empty(), Optional.empty(), 10).size() == count);
        return store.deadLetters(Optional.empty(), Optional.empty(), 10).stream().map(DeliveryView::id).toList();
    }

    private void useKey(String key) {
        browser.findElement(By.id("api-key")).sendKeys(key);
        click("#key-form button[type=submit]");
    }

    private List<String> deadRows() {
        return browser.findElements(By.cssSelector("#dead-letters tbody tr[data-id]")).stream().filter(WebElement::isDisplayed)
                .map(r -> r.getAttribute("data-id")).toList();
    }

    private String focused() {
        return (String) script("const a = document.activeElement; const row = a && a.closest('tr');"
                + " return row ? row.dataset.id + ' ' + a.className : (a ? a.tagName : 'none')");
    }

    private JsonNode admin(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private Object script(String js, Object... args) {
        return browser.executeScript(js, args);
    }

    private long number(String js) {
        return ((Number) script(js)).longValue();
    }

    private String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.getFirst().getText().trim();
    }

    private void click(String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }
}
