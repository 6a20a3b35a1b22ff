package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final UnitSync sync = new UnitSync(SETTINGS);

    @Test
    void unitAndFeedStatesSurviveTheirJsonAndTheNextPollGoesOnFromThem() {
        UnitState unit = sync.poll(AIRBNB, UnitState.initial("villa-1"), read(AIRBNB, "airbnb.ics"), NOW).state();
        unit = sync.poll(AIRBNB, unit, read(AIRBNB, "airbnb-empty.ics"), NOW.plus(Duration.ofMinutes(5))).state();
        UnitState back = IcalJson.unitState(IcalJson.write(unit));
        assertThat(back).isEqualTo(unit);
        FeedState feed = unit.feeds().get("airbnb");
        assertThat(IcalJson.feedState(IcalJson.write(feed))).isEqualTo(feed);
        assertThat(sync.poll(AIRBNB, back, read(AIRBNB, "airbnb.ics"), NOW.plus(Duration.ofMinutes(10))).events()).isEmpty();
    }

    @Test
    void payloadsHaveTheDocumentedShape() throws Exception {
        UnitState unit = sync.poll(AIRBNB, UnitState.initial("villa-1"), read(AIRBNB, "airbnb.ics"), NOW).state();
        List<IcalEvent> changed = sync.poll(AIRBNB, unit, read(AIRBNB, "airbnb-extended.ics"), NOW.plus(Duration.ofMinutes(5))).events();
        JsonNode c = JSON.readTree(IcalJson.payload(changed.getFirst()));
        assertThat(c.path("unit").asText()).isEqualTo("villa-1");
        assertThat(c.path("booking").path("channel").asText()).isEqualTo("airbnb");
        assertThat(c.path("booking").path("bookingKey").asText()).startsWith("bk_");
        assertThat(c.path("booking").path("confirmationCode").asText()).isEqualTo("HMQ4XZ8K2P");
        assertThat(c.path("booking").path("start").asText()).isEqualTo("2026-08-14");
        assertThat(c.path("booking").path("end").asText()).isEqualTo("2026-08-22");
        assertThat(c.path("booking").path("nights").asInt()).isEqualTo(8);
        assertThat(c.path("booking").path("uids")).hasSize(2);
        assertThat(c.path("previous").path("end").asText()).isEqualTo("2026-08-20");
        assertThat(c.path("matchedBy").asText()).isEqualTo("code");
        assertThat(c.has("type")).isFalse(); // the type is the message's event type, not in its body

        List<IcalEvent> held = sync.poll(AIRBNB, unit, read(AIRBNB, "login.html"), NOW.plus(Duration.ofMinutes(5))).events();
        JsonNode s = JSON.readTree(IcalJson.payload(held.getFirst()));
        assertThat(s.path("reason").asText()).isEqualTo("not_a_calendar");
        assertThat(s.path("channel").asText()).isEqualTo("airbnb");
        assertThat(s.path("withheld").asInt()).isEqualTo(3);
    }
}
