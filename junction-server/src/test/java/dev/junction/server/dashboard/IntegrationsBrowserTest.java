package dev.junction.server.dashboard;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.check.ExplainedGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's Integrations pages in a real headless Chromium: the list with each integration's checklist status,
 * then one integration explained as {@code junction explain} tells it, its SVG diagram drawn, beside its failing
 * checklist item with why, the fix and the config line; markup written in the config shows as text.
 */
class IntegrationsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    @Test
    void anIntegrationIsExplainedWithItsDiagramBesideItsFailingItemAndItsFix() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        try (ExplainedGateway g = ExplainedGateway.start(dir)) {
            browser.get("http://127.0.0.1:" + g.port() + "/dashboard/integrations.html");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
            browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#integrations tr[data-integration=billing]")).isEmpty());
            assertThat(text("#integrations tr[data-integration=billing] td.status")).isEqualTo("fail");
            assertThat(text("#integrations tr[data-integration=billing] td.fail")).isEqualTo("1");
            assertThat(text("#integrations tr[data-integration=billing] td.kind")).isEqualTo("http");
            assertThat(text("#integrations tr[data-integration=stripe] td.kind")).isEqualTo("webhook");

            Path list = Path.of("target", "screenshots", "dashboard-integrations.png");
            Files.createDirectories(list.getParent());
            Files.write(list, browser.getScreenshotAs(OutputType.BYTES));

            browser.findElement(By.cssSelector("#integrations tr[data-integration=billing] a")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("?name=billing") && !d.findElements(By.cssSelector("article.explanation h2")).isEmpty());
            assertThat(text("article.explanation h2")).isEqualTo("billing (http)");
            assertThat(browser.findElements(By.cssSelector("article.explanation h3"))).extracting(WebElement::getText)
                    .contains("WHEN SOMETHING FAILS", "RETRY SCHEDULE", "GUARDS", "DEAD LETTERS AND ALERTS", "DIAGRAM");
            assertThat(text("article.explanation")).contains("Dead at the latest t+40s after the first attempt, after 5 attempts.");
            WebElement diagram = browser.findElement(By.cssSelector("article.explanation img.diagram"));
            wait.until(d -> ((Number) browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth", diagram)).intValue() > 0);
            assertThat(diagram.getAttribute("src")).startsWith("data:image/svg+xml");

            String https = "#checklist li.finding[data-rule=https]";
            assertThat(browser.findElement(By.cssSelector(https)).getAttribute("data-status")).isEqualTo("fail");
            assertThat(text(https + " .badge")).isEqualTo("fail");
            assertThat(text(https + " .detail")).isEqualTo("plain http:// to billing.example.com");
            assertThat(text(https + " .fix")).startsWith("Fix: Use an https:// (amqps://) URL");
            assertThat(text(https + " .why")).startsWith("Why: Events carry customers' data");
            assertThat(text(https + " .location")).isEqualTo(g.file() + ":9:10");
            assertThat(browser.findElements(By.cssSelector("#checklist li.finding")).getFirst().getAttribute("data-rule"))
                    .as("failures first").isEqualTo("https");
            assertThat(text("#gateway-checklist li.finding[data-rule=alerts] .badge")).isEqualTo("pass");
            Path shot = Path.of("target", "screenshots", "dashboard-integration.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

            browser.get("http://127.0.0.1:" + g.port() + "/dashboard/integrations.html?name=stripe");
            wait.until(d -> !d.findElements(By.cssSelector("article.explanation h2")).isEmpty());
            assertThat(text("article.explanation")).contains(ExplainedGateway.MARKUP_TYPE);
            assertThat(browser.findElements(By.cssSelector("article.explanation img"))).as("only the diagram is an image").hasSize(1);
            List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
            // The one error expected is the first list's 401, asked for before the key was entered.
            assertThat(console).as("no CSP violation nor script error").extracting(LogEntry::getMessage)
                    .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"));
            // Markup the server never sends (it escapes what the config says), made up here: the page keeps none of it. The
            // policy would block its handlers and styles as well (saying so in the console, hence read first), and an
            // alert that ran would fail the next command.
            Object kept = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/dashboard/dom.js').then((dom) => {
                      const div = document.createElement('div');
                      div.append(dom.safeHtml('<h3 id="x" onclick="alert(1)">Guards</h3><p>a<img src=x onerror=alert(1)>'
                        + '<a href="javascript:alert(1)">b</a><script>alert(1)</script></p><table><tr><td style="color:red">c</td></tr></table>'));
                      done(div.innerHTML);
                    });""");
            assertThat(kept).as("plain elements only, without attributes; the rest as text")
                    .isEqualTo("<h3>Guards</h3><p>abalert(1)</p><table><tbody><tr><td>c</td></tr></tbody></table>");
            assertThat(text("article.explanation h2")).isEqualTo("stripe (webhook)");
        }
    }
}
