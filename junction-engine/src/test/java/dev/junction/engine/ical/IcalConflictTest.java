package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcalConflictTest {

    private final UnitSync sync = new UnitSync(SETTINGS);

    private static FeedReading calendar(FeedEntry... entries) {
        return new FeedReading.Calendar("-//test//EN", List.of(entries), 0, 0, List.of());
    }

    private static FeedEntry stay(String uid, String start, String end) {
        return new FeedEntry(uid, null, d(start), d(end), "Reserved");
    }

    private static Instant at(int minutes) {
        return NOW.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void twoChannelsHoldingTheSameNightIsAConflictRaisedOnThePollThatSeesItWithBothBookings() {
        UnitState unit = UnitState.initial("villa-1");
        unit = sync.poll(AIRBNB, unit, calendar(stay("a1", "2026-08-14", "2026-08-20")), at(0)).state();
        UnitSync.UnitPoll p = sync.poll(BOOKING, unit, calendar(stay("b1", "2026-08-18", "2026-08-22")), at(5));
        assertThat(p.events()).extracting(IcalEvent::type).containsExactly("booking.created", "booking.conflict");
        IcalEvent.BookingConflict c = (IcalEvent.BookingConflict) p.events().get(1);
        assertThat(c.overlap()).isEqualTo(new IcalEvent.Nights(d("2026-08-18"), d("2026-08-20"), 2));
        assertThat(c.bookings()).extracting(IcalEvent.BookingRef::channel).containsExactly("airbnb", "booking");
        assertThat(c.bookings()).extracting(IcalEvent.BookingRef::uids).containsExactly(List.of("a1"), List.of("b1"));
    }

    @Test
    void aConflictIsNotRaisedAgainWhileItLastsButAgainWhenItComesBackAfterBeingResolved() {
        UnitState unit = UnitState.initial("villa-1");
        unit = sync.poll(AIRBNB, unit, calendar(stay("a1", "2026-08-14", "2026-08-20")), at(0)).state();
        unit = sync.poll(BOOKING, unit, calendar(stay("b1", "2026-08-18", "2026-08-22")), at(5)).state();
        for (int i = 2; i <= 4; i++) {
            UnitSync.UnitPoll again = sync.poll(i % 2 == 0 ? AIRBNB : BOOKING, unit,
                    i % 2 == 0 ? calendar(stay("a1", "2026-08-14", "2026-08-21")) : calendar(stay("b1", "2026-08-18", "2026-08-22")), at(5 * i));
            assertThat(again.events()).extracting(IcalEvent::type).doesNotContain("booking.conflict");
            unit = again.state();
        }
        // The Airbnb guest moves out of the way: resolved.
        unit = sync.poll(AIRBNB, unit, calendar(stay("a1", "2026-08-10", "2026-08-16")), at(30)).state();
        assertThat(unit.openConflicts()).isEmpty();
        UnitSync.UnitPoll back = sync.poll(AIRBNB, unit, calendar(stay("a1", "2026-08-10", "2026-08-19")), at(35));
        assertThat(back.events()).extracting(IcalEvent::type).containsExactly("booking.changed", "booking.conflict");
    }

    @Test
    void checkoutOnTheDayOfAnotherChannelsCheckInIsNoConflictNorIsAnOverlapWithinOneChannel() {
        UnitState unit = UnitState.initial("villa-1");
        unit = sync.poll(AIRBNB, unit, calendar(stay("a1", "2026-08-14", "2026-08-20"), stay("a2", "2026-08-19", "2026-08-21")), at(0)).state();
        UnitSync.UnitPoll p = sync.poll(VRBO, unit, calendar(stay("v1", "2026-08-21", "2026-08-25")), at(5));
        assertThat(p.events()).extracting(IcalEvent::type).containsExactly("booking.created");
        assertThat(p.state().openConflicts()).isEmpty();
    }

    @Test
    void aHeldFeedsBookingsStillCountForConflicts() {
        UnitState unit = UnitState.initial("villa-1");
        unit = sync.poll(AIRBNB, unit, calendar(stay("a1", "2026-08-14", "2026-08-20")), at(0)).state();
        unit = sync.poll(AIRBNB, unit, calendar(), at(5)).state(); // held: empty
        assertThat(unit.feeds().get("airbnb").health().suspect()).isTrue();
        UnitSync.UnitPoll p = sync.poll(VRBO, unit, calendar(stay("v1", "2026-08-19", "2026-08-23")), at(10));
        assertThat(p.events()).extracting(IcalEvent::type).containsExactly("booking.created", "booking.conflict");
    }
}
