package dev.junction.server.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for tests: Debian's chromium and chromium-driver packages. Without them the
 * browser tests are skipped with a loud line, unless JUNCTION_REQUIRE_BROWSER=true (as in CI), where
 * they fail instead. The driver and browser are named explicitly, so Selenium Manager never tries to
 * download either.
 */
public final class Browsers {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final boolean REQUIRED = Boolean.parseBoolean(System.getenv("JUNCTION_REQUIRE_BROWSER"));
    /** Held so the setting sticks: without CDP bindings (not needed here) Selenium warns once per session. */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    private Browsers() {}

    public static ChromeDriver headlessChromium(Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String how = "no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + ". To run it: apt-get install chromium chromium-driver";
            if (REQUIRED) throw new IllegalStateException("JUNCTION_REQUIRE_BROWSER=true but " + how);
            System.out.println("*** Browser test SKIPPED (dashboard, portal): " + how + " ***");
            Assumptions.abort("browser test skipped: " + how);
        }
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1500", "--user-data-dir=" + profile.toAbsolutePath());
        return new ChromeDriver(service, options);
    }
}
