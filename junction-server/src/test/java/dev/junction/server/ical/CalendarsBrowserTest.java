package dev.junction.server.ical;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.dashboard.Browsers;
import dev.junction.server.ical.OtaFeeds.Stay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's calendars, in a real headless Chromium: each iCal feed's health as the gateway judges it, a
 * feed the guard holds shown as suspect with its reason and the bookings it keeps, and the operator's release from
 * the page, after which the feed's next calendar is taken as it is.
 */
class CalendarsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Stay STAY = new Stay("1418fb94e984-7c1b3a3e@airbnb.com", TODAY.plusDays(10), TODAY.plusDays(14), "HMQ4XZ8K2P");
    private static final Stay OTHER = new Stay("1418fb94e984-9d0e1f2a@airbnb.com", TODAY.plusDays(30), TODAY.plusDays(33), "HM8RJ3TN6Y");

    @TempDir
    Path dir;

    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
    }

    private String cell(String feed, String css) {
        return browser.findElement(By.cssSelector("#feeds tr[data-feed='" + feed + "'] " + css)).getText().strip();
    }

    @Test
    void aHeldFeedIsShownWithItsReasonAndReleasedFromThePage() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        try (OtaFeeds feeds = new OtaFeeds(); Downstream pms = new Downstream()) {
            // VRBO's calendar has an event that is no stay (it ends where it starts): skipped, and named on the page.
            Stay unreadable = new Stay("a9c2e7f1-<b>odd</b>@vrbo.com", TODAY.plusDays(40), TODAY.plusDays(40), "HA-7Q2P9X");
            feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY, STAY, OTHER)).set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(unreadable), List.of()));
            String yaml = stripeGateway(dir) + """
                      rentals:
                        ical:
                          every: 1h
                          cancel-hold: 0s   # the test polls back to back; the hold's own test is IcalHttpTest's
                          export-token: "${ICAL_EXPORT_TOKEN}"
                          units:
                            villa-1:
                              airbnb: { url: "%s?s=feedsecret", preset: airbnb }
                              vrbo:   { url: "%s", preset: vrbo }
                    destinations:
                      pms: { url: "%s" }
                    routes:
                      - { from: rentals, to: [pms] }
                    """.formatted(feeds.url("villa-1", "airbnb"), feeds.url("villa-1", "vrbo"), pms.url());
            try (Gateway gateway = start(ConfigLoader.parse(yaml, "test.yaml",
                    Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "ICAL_EXPORT_TOKEN", "tok_export_5f2a9c1e7b3d4f60")))) {
                var poller = gateway.pipeline().poller();
                poller.poll("rentals");
                // The channel's feed comes back empty: the guard holds it and keeps both bookings.
                feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY));
                poller.poll("rentals");

                browser.get("http://127.0.0.1:" + gateway.port() + "/");
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                wait.ignoring(StaleElementReferenceException.class);
                browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
                browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
                wait.until(d -> !d.findElements(By.cssSelector("#feeds tr[data-feed='rentals/villa-1/airbnb']")).isEmpty());

                assertThat(browser.findElement(By.id("calendars")).isDisplayed()).isTrue();
                assertThat(cell("rentals/villa-1/airbnb", "td.health")).isEqualTo("suspect");
                assertThat(cell("rentals/villa-1/airbnb", "td.why")).contains("empty").contains("no bookings where there were 2");
                assertThat(cell("rentals/villa-1/airbnb", "td.bookings")).as("a held feed keeps what it had").isEqualTo("2");
                assertThat(cell("rentals/villa-1/vrbo", "td.health")).isEqualTo("healthy");
                assertThat(cell("rentals/villa-1/vrbo", "td.why")).contains("1 event(s) skipped").contains("a9c2e7f1-<b>odd</b>@vrbo.com: ");
                assertThat(browser.findElements(By.cssSelector("#feeds td.why b"))).as("a UID is text, never markup").isEmpty();
                assertThat(browser.findElements(By.cssSelector("#feeds button[data-release]"))).as("only the held feed").hasSize(1);
                assertThat(browser.findElement(By.id("feeds")).getText()).doesNotContain("feedsecret", "127.0.0.1");
                shoot("dashboard-calendars.png");

                browser.findElement(By.cssSelector("#feeds tr[data-feed='rentals/villa-1/airbnb'] button[data-release]")).click();
                wait.until(d -> d.findElement(By.id("feed-status")).getText().startsWith("rentals/villa-1/airbnb: released"));
                wait.until(d -> cell("rentals/villa-1/airbnb", "td.health").equals("released"));
                assertThat(cell("rentals/villa-1/airbnb", "td.why")).contains("released");
                assertThat(browser.findElements(By.cssSelector("#feeds button[data-release]"))).isEmpty();

                // The next polls take the empty calendar as it is: both bookings are cancelled (once missing from two
                // polls) and the page says so.
                poller.poll("rentals");
                poller.poll("rentals");
                browser.findElement(By.id("refresh")).click();
                wait.until(d -> cell("rentals/villa-1/airbnb", "td.bookings").equals("0"));
                assertThat(cell("rentals/villa-1/airbnb", "td.why")).isEmpty();
            }
        }
    }

    @Test
    void withoutACalendarTheSectionStaysHidden() throws Exception {
        browser = Browsers.headlessChromium(Files.createDirectories(dir.resolve("chromium-profile")));
        try (Gateway gateway = start(ConfigLoader.parse(stripeGateway(dir), "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET)))) {
            browser.get("http://127.0.0.1:" + gateway.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            browser.findElement(By.id("api-key")).sendKeys(ADMIN_KEY);
            browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#sources tr[data-source=stripe]")).isEmpty());
            wait.until(d -> !d.findElement(By.id("updated")).getText().isEmpty());
            assertThat(browser.findElement(By.id("calendars")).isDisplayed()).isFalse();
        }
    }

    private void shoot(String name) throws Exception {
        Path shot = Path.of("target", "screenshots", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }
}
