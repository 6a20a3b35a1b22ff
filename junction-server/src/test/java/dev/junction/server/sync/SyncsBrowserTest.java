package dev.junction.server.sync;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static dev.junction.server.sync.SyncEndToEndTest.everywhere;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.dashboard.Browsers;
import dev.junction.store.SyncStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The dashboard's Syncs page in a real headless Chromium: a review made by crossing edits in simulated CRMs is shown
 * with both sides, the record's detail shows the held field, and an edited value entered on the page is decided
 * through the admin API and arrives in every CRM.
 */
class SyncsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int OPEN_REVIEWS = 62;

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
    void aReviewDecidedOnThePageReachesEveryCrm() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            JsonNode review = SyncReviewEndToEndTest.crossedReview(s, "gil@example.com");
            String row = "#reviews tr[data-review='" + review.path("id").asText() + "']";

            browser.get("http://127.0.0.1:" + s.gateway.port() + "/dashboard/syncs.html");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
            browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> !d.findElements(By.cssSelector(row)).isEmpty());
            assertThat(text("#syncs tr[data-sync=contacts] td.open-reviews")).isEqualTo("1");
            assertThat(text(row + " td.agreed")).contains("\"Initech\"").contains("crm-a");
            assertThat(text(row + " td.proposed")).contains("\"Globex\"").contains("crm-b");

            browser.findElement(By.cssSelector(row + " a.record-link")).click();
            wait.until(d -> d.findElement(By.id("record")).isDisplayed());
            assertThat(text("#record-agreed tr[data-field='/company']")).contains("\"Initech\"").contains("held");
            assertThat(text("#record-systems tr[data-system=crm-b] td.id")).isNotEqualTo("–");

            // A button keeps the keyboard focus through refreshes (the queue is not rebuilt under it).
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).focus()", row + " button.pick-agreed");
            for (int refreshes = 0; refreshes < 2; refreshes++) {
                String updated = text("#updated");
                wait.until(d -> !text("#updated").equals(updated));
            }
            assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.activeElement === document.querySelector(arguments[0])", row + " button.pick-agreed")).isTrue();

            WebElement input = browser.findElement(By.cssSelector(row + " input.edited"));
            input.clear();
            input.sendKeys("\"Globex Initech\"");
            browser.findElement(By.cssSelector(row + " button.pick-edited")).click();

            wait.until(d -> text("#notice").contains("is now \"Globex Initech\""));
            everywhere(s, "gil@example.com", "company", "Globex Initech");
            wait.until(d -> d.findElements(By.cssSelector(row)).isEmpty());
            wait.until(d -> text("#syncs tr[data-sync=contacts] td.open-reviews").equals("0"));
            dev.junction.store.SyncStates.SyncReview decided = s.gateway.pipeline().store().syncReview("contacts", review.path("id").asText())
                    .orElseThrow();
            assertThat(decided.decision()).isEqualTo("edited");
            assertThat(decided.decidedValue()).isEqualTo("\"Globex Initech\"");
            Path shot = Path.of("target", "screenshots", "dashboard-syncs.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void reviewsAddedByMoreStayShownThroughRefreshes() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            java.time.Instant at = java.time.Instant.now();
            java.util.List<SyncStates.SyncReview> open = new java.util.ArrayList<>();
            for (int i = 0; i < OPEN_REVIEWS; i++) {
                open.add(new SyncStates.SyncReview("rev_page_%03d".formatted(i), "contacts", "p" + i + "@example.com", "/company",
                        "\"A\"", "\"B\"", "crm-b", at.plusMillis(i), null, null));
            }
            s.gateway.pipeline().store().commitSync(new SyncStates.SyncCommit("contacts", "p@example.com", 0, "{}", java.util.Map.of(), open, at),
                    java.util.List.of(), () -> "dlv_page");

            browser.get("http://127.0.0.1:" + s.gateway.port() + "/dashboard/syncs.html");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
            browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> reviewRows() == 50 && d.findElement(By.id("reviews-more")).isDisplayed());

            browser.findElement(By.id("reviews-more")).click();
            wait.until(d -> reviewRows() == OPEN_REVIEWS);
            // Two refreshes later (so one began after the click), every row is still there.
            for (int refreshes = 0; refreshes < 2; refreshes++) {
                String updated = text("#updated");
                wait.until(d -> !text("#updated").equals(updated));
            }
            assertThat(reviewRows()).isEqualTo(OPEN_REVIEWS);
        }
    }

    private int reviewRows() {
        return browser.findElements(By.cssSelector("#reviews tbody tr[data-review]")).size();
    }
}
