package dev.junction.server.portal;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.ShiftedClock;
import dev.junction.server.dashboard.Browsers;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal page as a person uses it, in a real headless Chromium: the keyboard focus survives the page's refreshes,
 * an action's error stays until dismissed (and hides the notice of an earlier success), a long description wraps, a
 * phone's row of buttons wraps, a refused rotation says what the customer can do, and an expired link says when in
 * the reader's time.
 */
class PortalPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The browser runs in Tokyo (no summer time), whatever this machine's zone: every time shown says its zone. */
    private static final String TOKYO = "Asia/Tokyo";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT+9'").withZone(ZoneId.of(TOKYO));

    @TempDir
    Path dir;

    private final ShiftedClock clock = new ShiftedClock();
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
    void focusErrorsLayoutAndExpiryAreAsAPersonNeedsThem() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", TOKYO));
        receiver = new Downstream();
        gateway = Gateway.start(config(stripeGateway(dir) + """
                delivery: { workers: 2, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """), clock, GatewayUnderTest.ADMIN_ENV);
        admin("POST", "/api/v1/apps", "{\"uid\":\"acme\",\"name\":\"Acme Corp\"}", 201);
        String long500 = "x".repeat(500); // one word as long as the API allows
        String first = admin("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiver.url() + "/a\",\"description\":\"" + long500 + "\"}", 201)
                .get("id").asText();
        String second = admin("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiver.url() + "/b\",\"description\":\"Ledger\"}", 201)
                .get("id").asText();
        JsonNode link = admin("POST", "/api/v1/apps/acme/portal-links", "{\"expires_in\":\"1h\"}", 201);
        browser.get(link.get("url").asText());
        wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        wait.until(d -> rowIds("#endpoints tbody tr[data-id]").size() == 2);

        // A long description wraps in its cell: the table fits its section.
        assertThat(number("return document.querySelector('#endpoints').getBoundingClientRect().width"))
                .isLessThanOrEqualTo(number("return document.querySelector('#endpoints').closest('section').clientWidth"));

        // Focus on a row's button survives refreshes: one that changed nothing, and one that rebuilt the table.
        String showSecret = "#endpoints tr[data-id='" + second + "'] button.show-secret";
        script("document.querySelector(arguments[0]).focus()", showSecret); // as Tab would
        String published = admin("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"invoice.paid\",\"payload\":{}}", 202).get("id").asText();
        wait.until(d -> rowIds("#messages tbody tr[data-id]").contains(published));
        assertThat(focused()).isEqualTo(second + " show-secret");
        admin("PATCH", "/api/v1/apps/acme/endpoints/" + second, "{\"description\":\"Ledger (EU)\"}", 200);
        wait.until(d -> text("#endpoints tr[data-id='" + second + "'] td.description").equals("Ledger (EU)"));
        assertThat(focused()).as("the same button of the rebuilt row").isEqualTo(second + " show-secret");

        // A rotation: its notice and the new secret. While the previous secret still signs, Rotate waits (it used to stay
        // clickable, only to be refused), and the status says until when, in the reader's time.
        click("#endpoints tr[data-id='" + first + "'] button.rotate");
        assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("24 hours");
        browser.switchTo().alert().accept();
        wait.until(d -> text("#notice").startsWith("Rotated the secret"));
        assertThat(browser.findElement(By.id("secret-panel")).isDisplayed()).isTrue();
        String firstStatus = "#endpoints tr[data-id='" + first + "'] td.status";
        wait.until(d -> text(firstStatus).contains("rotating"));
        Instant until = Instant.parse(admin("GET", "/api/v1/apps/acme/endpoints/" + first, null, 200).get("previousExpiresAt").asText());
        assertThat(text(firstStatus)).contains("The previous secret works until " + LOCAL.format(until));
        assertThat(browser.findElement(By.cssSelector("#endpoints tr[data-id='" + first + "'] button.rotate")).isEnabled()).isFalse();

        // The next action hides the secret (it used to stay up after anything else) and says what it did; a test event's
        // details are scrolled to and have the keyboard focus (they used to open at the bottom, out of sight).
        script("window.scrollTo(0, 0)");
        click("#endpoints tr[data-id='" + second + "'] button.test");
        wait.until(d -> text("#notice").startsWith("Sent test event") && "detail-heading".equals(script("return document.activeElement.id")));
        assertThat(browser.findElement(By.id("secret-panel")).isDisplayed()).isFalse();
        assertThat(text("#secret-value")).isEmpty();
        assertThat(number("return Math.round(document.getElementById('message-detail').getBoundingClientRect().top)"))
                .isBetween(0L, number("return window.innerHeight"));

        // An action that says nothing (Details) leaves no notice of an earlier one, which would be about something else.
        script("window.scrollTo(0, 0)");
        click("#messages tr[data-id='" + published + "'] button.details");
        wait.until(d -> text("#detail-id").equals(published) && "detail-heading".equals(script("return document.activeElement.id")));
        assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();

        // A refused action: its error outlasts refreshes that change what is shown, until dismissed.
        browser.findElement(By.cssSelector("#endpoint-form input[name=url]")).sendKeys("ftp://example.com/hooks");
        click("#save-endpoint");
        wait.until(d -> browser.findElement(By.id("banner")).isDisplayed());
        String refusal = text("#banner");
        browser.findElement(By.cssSelector("#endpoint-form input[name=url]")).clear();
        String again = admin("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"invoice.paid\",\"payload\":{}}", 202).get("id").asText();
        wait.until(d -> rowIds("#messages tbody tr[data-id]").contains(again));
        admin("PATCH", "/api/v1/apps/acme/endpoints/" + second, "{\"description\":\"Ledger (EU, 2)\"}", 200);
        wait.until(d -> text("#endpoints tr[data-id='" + second + "'] td.description").equals("Ledger (EU, 2)"));
        assertThat(text("#banner")).isEqualTo(refusal);
        click("#banner button.dismiss");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));

        // A rotation the page has not heard of yet (made elsewhere): the API's refusal is put the same way.
        admin("POST", "/api/v1/apps/acme/endpoints/" + second + "/secret/rotate", "{}", 200);
        click("#endpoints tr[data-id='" + second + "'] button.rotate");
        wait.until(d -> {
            try {
                d.switchTo().alert().accept(); // asked only when the page did not know
            } catch (NoAlertPresentException none) {
                // known already: refused without asking
            }
            return text("#banner").contains("already in progress") && text("#banner").contains(receiver.url() + "/b");
        });
        assertThat(text("#banner")).doesNotContain("grace").contains("works until " + LOCAL.format(Instant.parse(
                admin("GET", "/api/v1/apps/acme/endpoints/" + second, null, 200).get("previousExpiresAt").asText())));

        // On a phone, a row's six buttons wrap in their cell, each whole, and the cell is a table cell.
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        wait.until(d -> number("return window.innerWidth") == 390);
        String actions = "#endpoints tr[data-id='" + second + "'] td.actions";
        assertThat(script("return getComputedStyle(document.querySelector(arguments[0])).display", actions)).isEqualTo("table-cell");
        assertThat(number("""
                const cell = document.querySelector(arguments[0]).getBoundingClientRect();
                return [...document.querySelectorAll(arguments[0] + ' button')].filter((b) => b.scrollWidth > b.clientWidth
                  || b.getBoundingClientRect().right > cell.right + 1 || b.getBoundingClientRect().left < cell.left - 1).length""", actions))
                .as("buttons squeezed or outside their cell").isZero();

        // More than a page of messages: "More" shows the rest, and they stay shown through refreshes.
        for (int i = 0; i < 25; i++) admin("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"order.paid\",\"payload\":{}}", 202);
        wait.until(d -> rowIds("#messages tbody tr[data-id]").size() == 25 && d.findElement(By.id("messages-more")).isDisplayed());
        int all = admin("GET", "/api/v1/apps/acme/messages?limit=100", null, 200).get("items").size(); // 28 with the test event
        assertThat(all).isGreaterThan(25);
        click("#messages-more");
        wait.until(d -> rowIds("#messages tbody tr[data-id]").size() == all);
        assertThat(browser.findElement(By.id("messages-more")).isDisplayed()).isFalse();
        assertThat(rowIds("#messages tbody tr[data-id]")).contains(published, again);
        // Two refreshes later (counted at fetch: the third read of the messages began after the second ended).
        script("window.reads = 0; const fetched = window.fetch;"
                + " window.fetch = (...a) => { if (String(a[0]).includes('/portal/api/messages')) window.reads++; return fetched(...a); }");
        wait.until(d -> number("return window.reads") >= 3);
        assertThat(rowIds("#messages tbody tr[data-id]")).hasSize(all);

        // Past its expiry the link says when it expired, in the reader's time as "works until" is.
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        clock.advance(Duration.ofHours(2));
        browser.navigate().refresh();
        wait.until(d -> text("#banner").contains("expired"));
        assertThat(text("#banner")).contains("expired at " + LOCAL.format(Instant.parse(link.get("expiresAt").asText())));
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
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private long number(String js, Object... args) {
        return ((Number) script(js, args)).longValue();
    }

    private String text(String css) {
        List<org.openqa.selenium.WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.getFirst().getText().trim();
    }

    private List<String> rowIds(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(r -> r.getAttribute("data-id")).toList();
    }

    private void click(String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

}
