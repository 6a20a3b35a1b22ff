package dev.junction.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.config.IcalSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What explain says a webhook source refuses: a timestamp and a body key only where the source has them. */
class FailureRowsTest {

    private static SourceSpec source(String scheme, DedupeSpec dedupe, VerifySpec.HmacOptions hmac) {
        return new SourceSpec("src", new VerifySpec(scheme, List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Duration.ofMinutes(5), hmac),
                dedupe, SourceSpec.DEFAULT_MAX_BODY_BYTES);
    }

    @Test
    void eachSchemeIsToldItsOwnRefusals() {
        assertThat(FailureRows.refusals(source("stripe", DedupeSpec.DEFAULT, null)))
                .isEqualTo("a bad or missing signature, a timestamp more than 5m off (401); not JSON or without its id at /id (400);"
                        + " a body over the size limit (413)");
        assertThat(FailureRows.refusals(source("github", DedupeSpec.DEFAULT, null)))
                .as("GitHub signs no timestamp").isEqualTo("a bad or missing signature (401); without its X-GitHub-Delivery header (400);"
                        + " a body over the size limit (413)");
        assertThat(FailureRows.refusals(source("shopify", DedupeSpec.DEFAULT, null))).doesNotContain("timestamp", "JSON");
        assertThat(FailureRows.refusals(source("hmac", new DedupeSpec(null, "/event/id"), new VerifySpec.HmacOptions("X-Sig", null, null, null, null, null))))
                .isEqualTo("a bad or missing signature (401); not JSON or without its id at /event/id (400); a body over the size limit (413)");
        assertThat(FailureRows.refusals(source("hmac", DedupeSpec.DEFAULT, new VerifySpec.HmacOptions("X-Sig", null, null, null, "X-Ts", null))))
                .as("deduplicated by the body's hash: nothing to miss").isEqualTo("a bad or missing signature, a timestamp more than 5m off (401);"
                        + " a body over the size limit (413)");
    }

    @Test
    void aCalendarThatIsNotOneIsSaidToBeHeldAsSuspectNotCountedAsAFailedPoll() {
        IcalSpec ical = new IcalSpec(Duration.ofMinutes(5), "tok_export_5f2a9c1e7b3d4f60", java.time.ZoneOffset.UTC, 2, Duration.ofMinutes(5), 2, Duration.ofHours(24),
                0.5, 2, Duration.ofHours(6), 366, null, java.util.Map.of());

        List<FailureRow> rows = FailureRows.calendar(ical);

        // It said "counted as a failed poll of that feed"; such a feed is held (feed.suspect, GET /feeds says suspect), for good
        // unless a calendar comes back or an operator releases it (found by a probe).
        assertThat(rows.get(1).what()).isEqualTo("a feed that is not a calendar (a login page, an error page) or does not parse");
        assertThat(rows.get(1).then()).startsWith("held as suspect (feed.suspect)").doesNotContain("failed poll");
        assertThat(rows.get(2).what()).startsWith("a poll that finds a feed empty where it had bookings");
    }
}
