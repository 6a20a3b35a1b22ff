package dev.junction.server.portal;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.junction.core.model.DeliveryState;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.server.dashboard.Browsers;
import dev.junction.store.DeliveryView;
import dev.junction.store.Endpoint;
import dev.junction.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The consumer portal in a real headless Chromium against a real gateway on SQLite: customer A opens their link,
 * sees their endpoints and messages and nothing of customer B's, adds and edits an endpoint, rotates a secret,
 * sends a test event that A's receiver gets signed with the new secret, and replays a failed delivery. Every
 * outcome is checked in the store or at the receiver, not only on the page. Screenshots go to target/screenshots.
 */
class PortalBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private final AtomicBoolean healed = new AtomicBoolean();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
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

    private Store store() {
        return gateway.pipeline().store();
    }

    private JsonNode admin(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    @Test
    void aCustomerManagesTheirOwnEndpointsAndSeesNothingOfAnothers() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        Downstream receiverA = opened(new Downstream().scriptByBody((body, n) -> body.contains("fail") && !healed.get() ? Reply.status(422) : Reply.ok()));
        Downstream receiverB = opened(new Downstream());
        Downstream audit = opened(new Downstream());
        gateway = opened(start(config(stripeGateway(dir) + """
                delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """)));

        admin("POST", "/api/v1/apps", "{\"uid\":\"acme\",\"name\":\"Acme Corp\"}", 201);
        admin("POST", "/api/v1/apps", "{\"uid\":\"globex\",\"name\":\"Globex\"}", 201);
        String endpointA = admin("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiverA.url() + "\",\"description\":\"Billing\"}", 201)
                .get("id").asText();
        String endpointB = admin("POST", "/api/v1/apps/globex/endpoints", "{\"url\":\"" + receiverB.url() + "\",\"description\":\"Globex ledger\"}", 201)
                .get("id").asText();
        String paid = publish("acme", "invoice.paid", "{\"invoice\":\"in_1\"}");
        String failed = publish("acme", "invoice.failed", "{\"invoice\":\"fail_2\"}");
        String messageB = publish("globex", "order.shipped", "{\"order\":\"o_9\"}");
        DeliveryView dead = await().atMost(WAIT).until(() -> store().deliveriesOf(failed).getFirst(), d -> d.state() == DeliveryState.DEAD);
        await().atMost(WAIT).until(() -> receiverB.succeeded().size() == 1 && receiverA.succeeded().size() == 1);
        List<String> secretsOfB = List.of(admin("GET", "/api/v1/apps/globex/endpoints/" + endpointB + "/secret", null, 200).get("key").asText());

        // A's link: the page takes the token from the fragment, and the address bar no longer shows it.
        JsonNode link = admin("POST", "/api/v1/apps/acme/portal-links", "{\"expires_in\":\"1h\"}", 201);
        browser.get(link.get("url").asText());
        wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("main")));
        wait.until(d -> text("#title").equals("Webhooks for Acme Corp"));
        assertThat(browser.getCurrentUrl()).doesNotContain("token").doesNotContain(link.get("token").asText());
        wait.until(d -> ids("#endpoints tbody tr[data-id]").equals(List.of(endpointA)));
        assertThat(text("#endpoints tr[data-id='" + endpointA + "'] td.url")).isEqualTo(receiverA.url());
        wait.until(d -> ids("#messages tbody tr[data-id]").equals(List.of(failed, paid)));
        assertThat(text("#messages tr[data-id='" + failed + "'] td.states")).containsIgnoringCase("1 dead");
        // An endpoint whose newest delivery failed says so, and why (it used to say "enabled" and nothing else).
        wait.until(d -> text("#endpoints tr[data-id='" + endpointA + "'] td.status").contains("Last delivery failed for good"));
        assertThat(text("#endpoints tr[data-id='" + endpointA + "'] td.status")).contains(dead.lastError()).contains("422");
        screenshot("portal-01-own-endpoints-and-messages");

        // Add an endpoint and edit it: the store has it, as the customer's, with what was typed.
        type("#endpoint-form input[name=url]", audit.url());
        type("#endpoint-form input[name=description]", "Audit");
        type("#endpoint-form input[name=filter_types]", "invoice.*, order.paid");
        click("#save-endpoint");
        Endpoint added = await().atMost(WAIT).until(() -> store().endpoints(store().app("acme").orElseThrow().id()).stream()
                .filter(e -> e.url().equals(audit.url())).findFirst().orElse(null), e -> e != null);
        assertThat(added.filterTypes()).containsExactly("invoice.*", "order.paid");
        assertThat(added.description()).isEqualTo("Audit");
        wait.until(d -> text("#notice").contains("Added " + audit.url()));
        click("#endpoints tr[data-id='" + added.id() + "'] button.edit");
        browser.findElement(By.cssSelector("#endpoint-form input[name=description]")).clear();
        type("#endpoint-form input[name=description]", "Audit trail");
        click("#endpoint-form input[name=disabled]");
        click("#save-endpoint");
        await().atMost(WAIT).until(() -> store().endpoint(added.id()).orElseThrow().disabled());
        assertThat(store().endpoint(added.id()).orElseThrow().description()).isEqualTo("Audit trail");
        wait.until(d -> text("#endpoints tr[data-id='" + added.id() + "'] td.status").contains("disabled"));
        screenshot("portal-02-endpoint-added-and-edited");

        // Rotate A's secret: the page shows the new one, the store has it, and the old one still signs.
        String before = store().endpoint(endpointA).orElseThrow().secret();
        click("#endpoints tr[data-id='" + endpointA + "'] button.rotate");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> text("#secret-value").startsWith("whsec_") && !text("#secret-value").equals(before));
        Endpoint rotated = store().endpoint(endpointA).orElseThrow();
        assertThat(rotated.secret()).isEqualTo(text("#secret-value")).isNotEqualTo(before);
        assertThat(rotated.previousSecret()).isEqualTo(before);
        screenshot("portal-03-secret-rotated");

        // A test event: A's receiver gets it, signed with both secrets, and the page shows it delivered.
        click("#endpoints tr[data-id='" + endpointA + "'] button.test");
        wait.until(d -> text("#notice").startsWith("Sent test event msg_"));
        String test = text("#notice").split(" ")[3];
        Downstream.Received got = await().atMost(WAIT).until(() -> receiverA.succeeded().stream()
                .filter(r -> test.equals(r.header("webhook-id"))).findFirst().orElse(null), r -> r != null);
        assertThat(JSON.readTree(got.bodyText()).get("type").asText()).isEqualTo("junction.test");
        assertThatCode(() -> new Webhook(rotated.secret()).verify(got.bodyText(), got.headers())).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(before).verify(got.bodyText(), got.headers())).doesNotThrowAnyException();
        assertThat(audit.arrived()).as("a test goes to one endpoint").isZero();
        wait.until(d -> text("#detail-id").equals(test) && text("#detail-deliveries li.delivery h3").contains("succeeded"));
        assertThat(rows("#detail-deliveries li.delivery table.attempts tbody tr")).singleElement()
                .satisfies(r -> assertThat(r.getText()).contains("success").contains("200"));
        screenshot("portal-04-test-event-delivered");

        // Replay A's failure once its receiver is healed: the same delivery succeeds, with the same webhook-id.
        healed.set(true);
        click("#endpoints tr[data-id='" + endpointA + "'] button.replay");
        wait.until(d -> text("#notice").equals("Replayed 1 failed delivery to " + receiverA.url() + "."));
        await().atMost(WAIT).until(() -> store().delivery(dead.id()).orElseThrow().state() == DeliveryState.SUCCEEDED);
        assertThat(receiverA.succeeded()).extracting(r -> r.header("webhook-id")).contains(failed);
        wait.until(d -> text("#messages tr[data-id='" + failed + "'] td.states").toLowerCase().contains("1 succeeded"));
        screenshot("portal-05-failure-replayed");

        // Nothing of B's on A's page, and A's token opens none of B's endpoints or messages, even by id.
        String page = browser.getPageSource();
        assertThat(page).doesNotContain(receiverB.url()).doesNotContain(endpointB).doesNotContain(messageB).doesNotContain("Globex");
        secretsOfB.forEach(s -> assertThat(page).doesNotContain(s));
        assertThat(fetchWithPageToken("GET", "/portal/api/endpoints/" + endpointB)).isEqualTo(404);
        assertThat(fetchWithPageToken("GET", "/portal/api/endpoints/" + endpointB + "/secret")).isEqualTo(404);
        assertThat(fetchWithPageToken("PATCH", "/portal/api/endpoints/" + endpointB)).isEqualTo(404);
        assertThat(fetchWithPageToken("DELETE", "/portal/api/endpoints/" + endpointB)).isEqualTo(404);
        assertThat(fetchWithPageToken("POST", "/portal/api/endpoints/" + endpointB + "/replay")).isEqualTo(404);
        assertThat(fetchWithPageToken("GET", "/portal/api/messages/" + messageB)).isEqualTo(404);
        assertThat(store().endpoint(endpointB)).isPresent();
        assertThat(receiverB.arrived()).as("B got only its own message").isEqualTo(1);

        // B's link in the same tab shows B's endpoint, and none of A's.
        browser.get(admin("POST", "/api/v1/apps/globex/portal-links", null, 201).get("url").asText());
        wait.until(d -> text("#title").equals("Webhooks for Globex") && ids("#endpoints tbody tr[data-id]").equals(List.of(endpointB)));
        wait.until(d -> ids("#messages tbody tr[data-id]").equals(List.of(messageB)));
        assertThat(browser.getPageSource()).doesNotContain(receiverA.url()).doesNotContain(endpointA).doesNotContain(paid);

        // A link that is not one: the page says so and shows nothing.
        browser.get("http://127.0.0.1:" + gateway.port() + "/portal/#token=jpt_forged.signature");
        wait.until(d -> text("#banner").contains("not valid"));
        assertThat(browser.findElement(By.id("main")).isDisplayed()).isFalse();
        screenshot("portal-06-invalid-link");
    }

    private String publish(String app, String type, String payload) throws Exception {
        return admin("POST", "/api/v1/apps/" + app + "/messages", "{\"event_type\":\"" + type + "\",\"payload\":" + payload + "}", 202)
                .get("id").asText();
    }

    /** The status of a call the page's own script could make, with the token the page holds. */
    private long fetchWithPageToken(String method, String path) {
        return (Long) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[1], { method: arguments[0], body: arguments[0] === 'GET' || arguments[0] === 'DELETE' ? undefined : '{}',
                  headers: { Authorization: 'Bearer ' + sessionStorage.getItem('junction.portalToken'), 'Content-Type': 'application/json' } })
                  .then((r) => done(r.status), () => done(-1));""", method, path);
    }

    private String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.getFirst().getText().trim();
    }

    private List<String> ids(String css) {
        return rows(css).stream().map(r -> r.getAttribute("data-id")).toList();
    }

    private List<WebElement> rows(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    private void type(String css, String value) {
        browser.findElement(By.cssSelector(css)).sendKeys(value);
    }

    /** Clicks what the selector finds, finding it again if a refresh replaced it in between. */
    private void click(String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
