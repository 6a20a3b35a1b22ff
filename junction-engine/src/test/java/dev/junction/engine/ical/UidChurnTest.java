package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A feed that gives its stays a new UID on every fetch (some PMS exports do): each poll matches the stay by its nights
 * and adds the new UID to its aliases. Without a bound, a stay six months ahead polled every 5 minutes carried over
 * 50,000 UIDs in the state and in every payload (found by a probe: 5 polls, 5 UIDs).
 */
class UidChurnTest {

    private final FeedSync sync = new FeedSync(SETTINGS);

    private static FeedReading calendar(String uid) {
        return new FeedReading.Calendar("-//pms//EN", List.of(new FeedEntry(uid, null, d("2026-09-10"), d("2026-09-15"), "Reserved")), 0, 0,
                List.of());
    }

    @Test
    void aStayWhoseUidChangesOnEveryPollKeepsItsKeyItsFirstUidAndOnlyTheLatestOthers() {
        FeedState state = FeedState.initial(PMS);
        Instant at = NOW;
        for (int i = 0; i < 100; i++) {
            FeedPoll poll = sync.poll(PMS, state, calendar("uid-" + i + "@pms"), at);
            assertThat(poll.events()).hasSize(i == 0 ? 1 : 0); // created once, then the same stay: nothing to tell
            state = poll.state();
            at = at.plus(Duration.ofMinutes(5));
        }

        Booking stay = state.bookings().getFirst();
        assertThat(state.bookings()).hasSize(1);
        assertThat(stay.key()).isEqualTo(Booking.keyOf("villa-1", "pms", "uid-0@pms"));
        assertThat(stay.uids()).hasSize(20).startsWith("uid-0@pms", "uid-81@pms").endsWith("uid-99@pms");
        // A recent UID still matches by UID.
        assertThat(sync.poll(PMS, state, calendar("uid-95@pms"), at).events()).isEmpty();
    }
}
