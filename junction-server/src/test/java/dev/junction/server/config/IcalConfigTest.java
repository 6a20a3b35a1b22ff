package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.server.RepoFiles;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A source's {@code ical:} block: the issue's shape loads with the sync's defaults, and each mistake is one line naming where. */
class IcalConfigTest {

    static final String ISSUE = """
            store: { url: "sqlite:./data/junction.db" }
            sources:
              rentals:
                ical:
                  every: 5m
                  export-token: "${ICAL_EXPORT_TOKEN}"
                  units:
                    villa-1:
                      airbnb:  { url: "https://www.airbnb.com/calendar/ical/1418fb94e984.ics?s=6f1c2b9a", preset: airbnb }
                      booking: { url: "https://admin.booking.com/hotel/hoteladmin/ical.html?t=8d2e", preset: booking }
                      vrbo:    { url: "https://www.vrbo.com/icalendar/4b1f.ics", preset: vrbo }
            destinations:
              pms: { url: "http://127.0.0.1:9000/bookings" }
            routes:
              - from: rentals
                to: [pms]
            """;
    static final String TOKEN = "tok_export_0123456789abcdef";
    static final Map<String, String> ENV = Map.of("ICAL_EXPORT_TOKEN", TOKEN);

    private static String error(String yaml) {
        return ConfigErrorsTest.error(yaml, ENV).getMessage();
    }

    private static String with(String from, String to) {
        assertThat(ISSUE).contains(from);
        return ISSUE.replace(from, to);
    }

    @Test
    void theIssuesIcalSourceLoadsWithTheSyncsDefaults() {
        SourceSpec rentals = ConfigLoader.parse(ISSUE, "junction.yaml", ENV).sources().get("rentals");

        assertThat(rentals.polled()).isTrue();
        assertThat(rentals.kind()).isEqualTo("ical");
        IcalSpec ical = rentals.ical();
        assertThat(ical.every()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ical.exportToken()).isEqualTo(TOKEN);
        assertThat(ical.toString()).doesNotContain(TOKEN);
        assertThat(ical.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(ical.cancelAfterMissing()).isEqualTo(SyncSettings.DEFAULT_CANCEL_AFTER_MISSING);
        assertThat(ical.cancelHold()).as("every x (cancel-after-missing - 1)").isEqualTo(Duration.ofMinutes(5));
        assertThat(ical.releaseAfter()).isEqualTo(SyncSettings.DEFAULT_RELEASE_AFTER);
        assertThat(ical.releaseHold()).isEqualTo(SyncSettings.DEFAULT_RELEASE_HOLD);
        assertThat(ical.massRemovalShare()).isEqualTo(SyncSettings.DEFAULT_MASS_REMOVAL_SHARE);
        assertThat(ical.massRemovalMinimum()).isEqualTo(SyncSettings.DEFAULT_MASS_REMOVAL_MINIMUM);
        assertThat(ical.staleAfter()).isEqualTo(SyncSettings.DEFAULT_STALE_AFTER);
        assertThat(ical.maxNights()).isEqualTo(SyncSettings.DEFAULT_MAX_NIGHTS);
        IcalSpec.Unit villa = ical.units().get("villa-1");
        assertThat(villa.channels()).containsOnlyKeys("airbnb", "booking", "vrbo");
        assertThat(villa.channels().get("airbnb").preset()).isEqualTo("airbnb");
        assertThat(villa.channels().get("airbnb").toString()).doesNotContain("6f1c2b9a");
    }

    @Test
    void zonesAndGuardSettingsLoadAndAChannelNamedAfterAPresetNeedsNoPreset() {
        IcalSpec ical = ConfigLoader.parse(with("      units:\n", """
                      zone: Europe/Lisbon
                      cancel-after-missing: 3
                      cancel-hold: 45m
                      release-after: 4
                      release-hold: 12h
                      mass-removal: { share: 0.6, minimum: 5 }
                      stale-after: 2h
                      max-nights: 90
                      units:
                        cabin-3:
                          zone: America/New_York
                          vrbo: { url: "https://www.vrbo.com/icalendar/9.ics" }
                """), "junction.yaml", ENV).sources().get("rentals").ical();

        assertThat(ical.zone()).isEqualTo(ZoneId.of("Europe/Lisbon"));
        assertThat(ical.units().get("villa-1").zone()).isEqualTo(ZoneId.of("Europe/Lisbon"));
        assertThat(ical.units().get("cabin-3").zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(ical.units().get("cabin-3").channels().get("vrbo").preset()).isEqualTo("vrbo");
        assertThat(List.of(ical.cancelAfterMissing(), ical.releaseAfter(), ical.massRemovalMinimum(), ical.maxNights())).containsExactly(3, 4, 5, 90);
        assertThat(ical.massRemovalShare()).isEqualTo(0.6);
        assertThat(ical.releaseHold()).isEqualTo(Duration.ofHours(12));
        assertThat(ical.cancelHold()).isEqualTo(Duration.ofMinutes(45));
        assertThat(ical.staleAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigLoader.parse(with("      units:\n", "      cancel-after-missing: 3\n      units:\n"), "junction.yaml", ENV)
                .sources().get("rentals").ical().cancelHold()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void eachMistakeIsOneLineWithItsPlace() {
        assertThat(error(with("every: 5m", "every: 500ms"))).isEqualTo("junction.yaml:5:14: sources.rentals.ical.every: must be at least 1s");
        assertThat(error(with("preset: vrbo", "preset: expedia"))).isEqualTo(
                "junction.yaml:11:78: sources.rentals.ical.units.villa-1.vrbo.preset: unknown preset \"expedia\" (one of: airbnb, booking, vrbo, generic)");
        assertThat(error(with("      units:\n", "      zone: Mars/Olympus\n      units:\n"))).isEqualTo(
                "junction.yaml:7:13: sources.rentals.ical.zone: \"Mars/Olympus\" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)");
        assertThat(error(with("https://www.vrbo.com", "ftp://www.vrbo.com"))).isEqualTo(
                "junction.yaml:11:27: sources.rentals.ical.units.villa-1.vrbo.url: must be an absolute http:// or https:// URL");
        assertThat(error(with("    villa-1:", "    Villa 1:"))).startsWith(
                "junction.yaml:8:9: sources.rentals.ical.units.Villa 1: unit name 'Villa 1' must match [a-z0-9][a-z0-9_-]*");
        assertThat(error(with("every: 5m", "every: 5m\n      cancel-after-mising: 3"))).startsWith(
                "junction.yaml:6:7: sources.rentals.ical.cancel-after-mising: unknown key 'cancel-after-mising' (allowed: every, export-token");
        assertThat(error(with("    ical:\n", "    verify: { scheme: none }\n    ical:\n"))).isEqualTo(
                "junction.yaml:4:5: sources.rentals.verify: a source either takes webhooks ('verify') or syncs calendars ('ical'), not both");
        assertThat(error(with("      every: 5m\n", ""))).isEqualTo("junction.yaml:4:5: sources.rentals.ical: missing required key 'every'");
        // Airbnb's export link pasted for Booking.com too: each booking would be raised as an overbooking against itself.
        String pasted = error(with("https://admin.booking.com/hotel/hoteladmin/ical.html?t=8d2e", "https://www.airbnb.com/calendar/ical/1418fb94e984.ics?s=6f1c2b9a"));
        assertThat(pasted).isEqualTo("junction.yaml:10:27: sources.rentals.ical.units.villa-1.booking.url: is the same URL as villa-1/airbnb's:"
                + " each channel exports its own calendar (copy each channel's export link from that channel)");
        assertThat(pasted).doesNotContain("6f1c2b9a");
    }

    @Test
    void theExportTokenIsNeverShown() {
        assertThat(ConfigErrorsTest.error(ISSUE, Map.of()).getMessage())
                .isEqualTo("junction.yaml:6:21: sources.rentals.ical.export-token: environment variable ICAL_EXPORT_TOKEN is not set");
        String shortToken = ConfigErrorsTest.error(ISSUE, Map.of("ICAL_EXPORT_TOKEN", "sesame")).getMessage();
        assertThat(shortToken).isEqualTo("junction.yaml:6:21: sources.rentals.ical.export-token: must be at least 16 characters (e.g. openssl rand -hex 24)");
        assertThat(error(with("export-token: \"${ICAL_EXPORT_TOKEN}\"", "export-token: \"${ICAL_EXPORT_TOKEN\""))).doesNotContain(TOKEN);
    }

    /** Every configuration in docs/ical.md loads as written (a fragment with sources: is loaded inside a minimal gateway). */
    @Test
    void everyConfigurationInTheIcalGuideLoads() throws Exception {
        String page = Files.readString(RepoFiles.find("docs/ical.md"));
        Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(page);
        List<String> blocks = new ArrayList<>();
        while (m.find()) blocks.add(m.group(1));

        assertThat(blocks).isNotEmpty();
        for (String yaml : blocks) {
            String whole = yaml.startsWith("store:") || yaml.contains("\nstore:") ? yaml : "store: { url: \"sqlite:./data/junction.db\" }\n" + yaml;
            Map<String, String> env = new HashMap<>();
            Matcher v = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(whole);
            while (v.find()) env.put(v.group(1), TOKEN);
            JunctionConfig config = ConfigLoader.parse(whole, "ical.md", env);
            assertThat(config.sources().values()).as(yaml).anyMatch(s -> s.ical() != null);
        }
    }
}
