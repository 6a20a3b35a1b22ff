package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedSyncTest {

    private final FeedSync sync = new FeedSync(SETTINGS);

    /** Polls one feed through a sequence of fixtures, a day apart, keeping every poll's outcome. */
    private class Run {
        final ChannelFeed feed;
        FeedState state;
        final List<FeedPoll> polls = new ArrayList<>();

        Run(ChannelFeed feed) {
            this.feed = feed;
            this.state = FeedState.initial(feed);
        }

        List<IcalEvent> poll(String fixture, Instant at) {
            return poll(read(feed, fixture), at);
        }

        List<IcalEvent> poll(FeedReading reading, Instant at) {
            FeedPoll p = sync.poll(feed, state, reading, at);
            polls.add(p);
            state = p.state();
            return p.events();
        }
    }

    private static List<String> types(List<IcalEvent> events) {
        return events.stream().map(IcalEvent::type).toList();
    }

    @Test
    void theFirstPollCreatesTheStaysNotYetOverAndNoBlocks() {
        Run run = new Run(AIRBNB);
        List<IcalEvent> events = run.poll("airbnb.ics", NOW);
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(IcalEvent.BookingCreated.class));
        assertThat(events).extracting(e -> ((IcalEvent.BookingCreated) e).booking().confirmationCode())
                .containsExactly("HMQ4XZ8K2P", "HM8RJ3TN6Y", "HMC5VB9L1X");
        assertThat(run.state.lastSuccess()).isEqualTo(NOW);
    }

    @Test
    void airbnbHorizonBlocksMovingForwardEveryDayAreNoBookings() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        assertThat(run.poll("airbnb-next-day.ics", days(1))).isEmpty();
        assertThat(run.state.bookings()).hasSize(3);
    }

    @Test
    void aStayExtendedUnderANewUidIsAChangeFoundByItsConfirmationCode() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        String key = run.state.bookings().getFirst().key();
        List<IcalEvent> events = run.poll("airbnb-extended.ics", days(1));
        assertThat(events).singleElement().isInstanceOfSatisfying(IcalEvent.BookingChanged.class, c -> {
            assertThat(c.booking().bookingKey()).isEqualTo(key);
            assertThat(c.booking().start()).isEqualTo(d("2026-08-14"));
            assertThat(c.booking().end()).isEqualTo(d("2026-08-22"));
            assertThat(c.previous()).isEqualTo(new IcalEvent.Nights(d("2026-08-14"), d("2026-08-20"), 6));
            assertThat(c.matchedBy()).isEqualTo("code");
            assertThat(c.booking().uids()).containsExactly("1418fb94e984-7c1b3a3e9d5e4a0e8d0f6c7b2a1e9f30@airbnb.com",
                    "1418fb94e984-d41c8e2f6a7b3c9d0e1f2a3b4c5d6e7f@airbnb.com");
        });
        assertThat(run.poll("airbnb-extended.ics", days(2))).isEmpty();
    }

    @Test
    void aBookingComStayExtendedUnderANewUidIsAChangeFoundByItsCheckIn() {
        Run run = new Run(BOOKING);
        run.poll("booking.ics", NOW);
        List<IcalEvent> events = run.poll("booking-extended.ics", days(1));
        assertThat(events).singleElement().isInstanceOfSatisfying(IcalEvent.BookingChanged.class, c -> {
            assertThat(c.matchedBy()).isEqualTo("same_start");
            assertThat(c.booking().nights()).isEqualTo(5);
            assertThat(c.previous().nights()).isEqualTo(4);
        });
        assertThat(run.poll("booking-extended.ics", days(2))).isEmpty();
        assertThat(run.poll("booking-extended.ics", days(3))).isEmpty(); // the old UID is an alias, never "missing"
    }

    @Test
    void aBookingMissingIsCancelledOnlyAfterTwoHealthyPollsInARow() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        assertThat(run.poll("airbnb-cancelled.ics", days(1))).isEmpty();
        assertThat(run.poll("airbnb.ics", days(2))).isEmpty(); // back: the count starts again
        assertThat(run.poll("airbnb-cancelled.ics", days(3))).isEmpty();
        List<IcalEvent> events = run.poll("airbnb-cancelled.ics", days(4));
        assertThat(events).singleElement().isInstanceOfSatisfying(IcalEvent.BookingCancelled.class, c -> {
            assertThat(c.booking().confirmationCode()).isEqualTo("HM8RJ3TN6Y");
            assertThat(c.missingPolls()).isEqualTo(2);
        });
        assertThat(run.poll("airbnb-cancelled.ics", days(5))).isEmpty();
    }

    @Test
    void cancelAfterMissingIsTheSettingsNumber() {
        FeedSync three = new FeedSync(SETTINGS.withCancelAfterMissing(3));
        FeedState s = three.poll(AIRBNB, FeedState.initial(AIRBNB), read(AIRBNB, "airbnb.ics"), NOW).state();
        List<String> seen = new ArrayList<>();
        for (int day = 1; day <= 4; day++) {
            FeedPoll p = three.poll(AIRBNB, s, read(AIRBNB, "airbnb-cancelled.ics"), days(day));
            seen.add(day + ":" + types(p.events()));
            s = p.state();
        }
        assertThat(seen).containsExactly("1:[]", "2:[]", "3:[booking.cancelled]", "4:[]");
    }

    @Test
    void pollsBackToBackDoNotCancelBeforeTheHoldHasPassedSinceTheBookingWasFirstMissing() {
        FeedSync held = new FeedSync(SETTINGS.withCancelHold(Duration.ofMinutes(5)));
        FeedState s = held.poll(AIRBNB, FeedState.initial(AIRBNB), read(AIRBNB, "airbnb.ics"), NOW).state();
        Instant missing = NOW.plus(Duration.ofHours(1));
        List<String> seen = new ArrayList<>();
        for (Duration after : List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofMinutes(4), Duration.ofMinutes(5))) {
            // Stored between polls as JSON, as the poller does: missingSince must survive it.
            FeedPoll p = held.poll(AIRBNB, IcalJson.feedState(IcalJson.write(s)), read(AIRBNB, "airbnb-cancelled.ics"), missing.plus(after));
            seen.add(after + ":" + types(p.events()));
            s = p.state();
        }
        assertThat(seen).containsExactly("PT0S:[]", "PT2S:[]", "PT4S:[]", "PT4M:[]", "PT5M:[booking.cancelled]");
    }

    @Test
    void aBookingSeenAgainStartsItsHoldAfreshWhenItGoesMissingAgain() {
        FeedSync held = new FeedSync(SETTINGS.withCancelHold(Duration.ofMinutes(5)));
        FeedState s = held.poll(AIRBNB, FeedState.initial(AIRBNB), read(AIRBNB, "airbnb.ics"), NOW).state();
        s = held.poll(AIRBNB, s, read(AIRBNB, "airbnb-cancelled.ics"), NOW.plusSeconds(60)).state();
        assertThat(s.bookings()).filteredOn(b -> b.missing() == 1).singleElement()
                .satisfies(b -> assertThat(b.missingSince()).isEqualTo(NOW.plusSeconds(60)));
        s = held.poll(AIRBNB, s, read(AIRBNB, "airbnb.ics"), NOW.plusSeconds(120)).state();
        assertThat(s.bookings()).allSatisfy(b -> assertThat(b.missingSince()).isNull());
        s = held.poll(AIRBNB, s, read(AIRBNB, "airbnb-cancelled.ics"), NOW.plusSeconds(400)).state();
        // 340 s after its first absence, but only 0 s into this one: kept.
        assertThat(held.poll(AIRBNB, s, read(AIRBNB, "airbnb-cancelled.ics"), NOW.plusSeconds(420)).events()).isEmpty();
    }

    @Test
    void theDefaultHoldIsWhatTheScheduledPollsTakeToMissABookingThatOften() {
        assertThat(SyncSettings.defaultCancelHold(Duration.ofMinutes(5), 2)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SyncSettings.defaultCancelHold(Duration.ofMinutes(5), 3)).isEqualTo(Duration.ofMinutes(10));
        assertThat(SyncSettings.defaultCancelHold(Duration.ofMinutes(5), 1)).isZero();
    }

    @Test
    void staysDroppingOffTheFeedAfterCheckoutAreNotCancellations() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        assertThat(run.poll("airbnb-past-dropped.ics", days(14))).isEmpty(); // HMQ4XZ8K2P checked out on the 20th
        assertThat(run.poll("airbnb-past-dropped.ics", days(15))).isEmpty();
        assertThat(run.state.bookings()).extracting(Booking::code).containsExactly("HM8RJ3TN6Y", "HMC5VB9L1X");
    }

    @Test
    void aStayCutShortIsAChangeAndNotACancellation() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", days(5)); // the 15th: HMQ4XZ8K2P is in its stay, until the 20th
        FeedReading.Calendar c = calendar(AIRBNB, "airbnb.ics");
        List<FeedEntry> cut = new ArrayList<>(c.bookings());
        FeedEntry stay = cut.get(1);
        cut.set(1, new FeedEntry(stay.uid(), stay.code(), stay.start(), d("2026-08-16"), stay.summary()));
        List<IcalEvent> events = run.poll(new FeedReading.Calendar(c.prodId(), cut, c.blocks(), 0, List.of()), days(7));
        assertThat(types(events)).containsExactly("booking.changed");
        assertThat(run.poll(new FeedReading.Calendar(c.prodId(), cut, c.blocks(), 0, List.of()), days(8))).isEmpty();
    }

    @Test
    void anEventThatBecomesUnreadableIsStillThereAndNeverCountedMissing() {
        Run run = new Run(BOOKING);
        run.poll("booking.ics", NOW);
        FeedReading.Calendar c = calendar(BOOKING, "booking.ics");
        FeedEntry broken = c.bookings().get(2);
        FeedReading withBroken = new FeedReading.Calendar(c.prodId(), c.bookings().subList(0, 2), 0, 0,
                List.of(new FeedReading.Skipped(broken.uid(), "DTEND 2026-10-10 is not after DTSTART 2026-10-10")));
        for (int day = 1; day <= 4; day++) assertThat(run.poll(withBroken, days(day))).isEmpty();
        assertThat(run.state.bookings()).hasSize(3);
    }

    @Test
    void anEmptyTwoHundredIsHeldAsSuspectAndNothingIsCancelledFromIt() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        List<IcalEvent> first = run.poll("airbnb-empty.ics", NOW.plus(Duration.ofMinutes(5)));
        assertThat(first).singleElement().isInstanceOfSatisfying(IcalEvent.FeedSuspect.class, s -> {
            assertThat(s.reason()).isEqualTo(SuspectReason.EMPTY);
            assertThat(s.liveBefore()).isEqualTo(3);
            assertThat(s.bookingsNow()).isZero();
            assertThat(s.withheld()).isEqualTo(3);
        });
        assertThat(run.state.health().suspect()).isTrue();
        assertThat(run.state.bookings()).hasSize(3).allSatisfy(b -> assertThat(b.missing()).isZero());
        assertThat(run.poll("airbnb.ics", NOW.plus(Duration.ofMinutes(10)))).isEmpty(); // recovered: nothing happened
        assertThat(run.state.health().suspect()).isFalse();
    }

    @Test
    void aHeldFeedIsReleasedOnlyWhenTheSameCalendarCameBackReleaseAfterTimesOverReleaseHoldAndOnlyThenCountsMissing() {
        FeedSync hourHold = new FeedSync(SETTINGS.withRelease(2, Duration.ofHours(1)));
        FeedState s = hourHold.poll(AIRBNB, FeedState.initial(AIRBNB), read(AIRBNB, "airbnb.ics"), NOW).state();
        List<String> seen = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            FeedPoll p = hourHold.poll(AIRBNB, s, read(AIRBNB, "airbnb-empty.ics"), NOW.plus(Duration.ofMinutes(15L * i)));
            seen.add(15 * i + ":" + types(p.events()) + (p.state().health().suspect() ? " held" : ""));
            s = p.state();
        }
        // Held at 15; the same answer at 30 and 45 is enough in number, not in time; at 75 (an hour held) it is
        // taken: missing once; at 90 missing twice.
        assertThat(seen).containsExactly("15:[feed.suspect] held", "30:[] held", "45:[] held", "60:[] held", "75:[]",
                "90:[booking.cancelled, booking.cancelled, booking.cancelled]");
    }

    @Test
    void aFeedEmptyForHoursOfFiveMinutePollsIsStillHeldByTheDefaultReleaseHold() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        List<IcalEvent> all = new ArrayList<>();
        for (int i = 1; i <= 60; i++) all.addAll(run.poll("airbnb-empty.ics", NOW.plus(Duration.ofMinutes(5L * i))));
        assertThat(types(all)).containsExactly("feed.suspect");
        assertThat(run.state.bookings()).hasSize(3).allSatisfy(b -> assertThat(b.missing()).isZero());
    }

    @Test
    void aDifferentSuspectAnswerStartsTheConfirmationsAgain() {
        FeedSync noHold = new FeedSync(SETTINGS.withRelease(2, Duration.ZERO));
        Run run = new Run(BOOKING) {
            @Override
            List<IcalEvent> poll(FeedReading reading, Instant at) {
                FeedPoll p = noHold.poll(feed, state, reading, at);
                state = p.state();
                return p.events();
            }
        };
        run.poll("booking.ics", NOW);
        FeedReading.Calendar c = calendar(BOOKING, "booking.ics");
        FeedReading none = new FeedReading.Calendar(c.prodId(), List.of(), 0, 0, List.of());
        FeedReading onlyPast = new FeedReading.Calendar(c.prodId(),
                List.of(new FeedEntry("old@booking.com", null, d("2026-07-01"), d("2026-07-03"), "CLOSED")), 0, 0, List.of());
        List<String> seen = new ArrayList<>();
        FeedReading[] answers = {none, onlyPast, none, onlyPast, none, none};
        for (int i = 0; i < answers.length; i++) seen.add(types(run.poll(answers[i], NOW.plus(Duration.ofMinutes(5L * (i + 1))))).toString());
        assertThat(seen).containsExactly("[feed.suspect]", "[]", "[]", "[]", "[]", "[]");
        assertThat(run.state.health().suspect()).isTrue();
        assertThat(run.state.bookings()).hasSize(3);
    }

    @Test
    void htmlAndParseErrorsAreHeldHoweverOftenTheyRepeat() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        List<IcalEvent> all = new ArrayList<>();
        for (int i = 1; i <= 6; i++) all.addAll(run.poll("login.html", NOW.plus(Duration.ofMinutes(5L * i))));
        assertThat(all).singleElement().isInstanceOfSatisfying(IcalEvent.FeedSuspect.class,
                s -> assertThat(s.reason()).isEqualTo(SuspectReason.NOT_A_CALENDAR));
        all.clear();
        for (int i = 7; i <= 9; i++) all.addAll(run.poll(read(BOOKING, "truncated.ics"), NOW.plus(Duration.ofMinutes(5L * i))));
        assertThat(types(all)).containsExactly("feed.suspect"); // a new reason is told once
        assertThat(run.state.bookings()).hasSize(3);
        assertThat(run.state.lastSuccess()).isEqualTo(NOW);
    }

    @Test
    void losingMostOfItsBookingsAtOnceHoldsTheFeedButLosingAFewDoesNot() {
        List<FeedEntry> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) six.add(new FeedEntry("u" + i, null, d("2026-09-01").plusDays(10L * i), d("2026-09-04").plusDays(10L * i), "CLOSED"));
        FeedState s = sync.poll(BOOKING, FeedState.initial(BOOKING), entries(six), NOW).state();
        FeedPoll lostFour = sync.poll(BOOKING, s, entries(six.subList(4, 6)), NOW.plus(Duration.ofHours(1)));
        assertThat(types(lostFour.events())).containsExactly("feed.suspect");
        assertThat(((IcalEvent.FeedSuspect) lostFour.events().getFirst()).reason()).isEqualTo(SuspectReason.MASS_REMOVAL);
        FeedPoll lostTwo = sync.poll(BOOKING, s, entries(six.subList(2, 6)), NOW.plus(Duration.ofHours(1)));
        assertThat(lostTwo.events()).isEmpty();
        assertThat(lostTwo.state().health().suspect()).isFalse();
        assertThat(lostTwo.state().bookings()).filteredOn(b -> b.missing() == 1).hasSize(2);
    }

    @Test
    void aFeedHeldBecauseItsAnswerIsNoCalendarIsNotReleasedSinceTheNextPollWouldHoldItAgain() {
        Run run = new Run(BOOKING);
        run.poll("booking.ics", NOW);
        run.poll("truncated.ics", days(1));
        assertThat(run.state.health().reason()).isEqualTo(SuspectReason.UNPARSEABLE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run.state.release()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a feed held as unparseable is not released");
        assertThat(SuspectReason.NOT_A_CALENDAR.releasable()).isFalse();
        assertThat(SuspectReason.EMPTY.releasable()).isTrue();
        assertThat(SuspectReason.MASS_REMOVAL.releasable()).isTrue();
    }

    @Test
    void anOperatorsReleaseTakesTheNextCalendarAsItIs() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        run.poll("airbnb-empty.ics", days(1));
        run.state = run.state.release();
        assertThat(run.poll("airbnb-empty.ics", days(2))).isEmpty();
        assertThat(run.state.health().suspect()).isFalse();
        assertThat(run.state.bookings()).allSatisfy(b -> assertThat(b.missing()).isEqualTo(1));
        assertThat(types(run.poll("airbnb-empty.ics", days(3)))).containsExactly("booking.cancelled", "booking.cancelled", "booking.cancelled");
    }

    @Test
    void aReleaseStoredByAnOlderVersionWhichNamesNothingHeldIsNotTrusted() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        // An older version released healthy feeds too, storing no reason: armed so, the empty calendar below was taken.
        String stored = new String(IcalJson.write(run.state), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"released\":false", "\"released\":true");
        assertThat(stored).contains("\"released\":true");
        run.state = IcalJson.feedState(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(run.state.health().released()).isFalse();
        assertThat(types(run.poll("airbnb-empty.ics", NOW.plus(Duration.ofHours(1))))).containsExactly("feed.suspect");
        assertThat(run.state.bookings()).isNotEmpty().allSatisfy(b -> assertThat(b.missing()).isZero());
        // Released now, from what the guard holds, it is taken.
        run.state = run.state.release();
        assertThat(run.state.health().released()).isTrue();
        assertThat(run.state.health().reason()).isEqualTo(SuspectReason.EMPTY);
        assertThat(IcalJson.feedState(IcalJson.write(run.state)).health().released()).as("a release survives its JSON").isTrue();
    }

    @Test
    void feedStaleIsRaisedOnceWhenTheLastSuccessIsOlderThanStaleAfterAndAgainAfterARecovery() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        List<String> seen = new ArrayList<>();
        for (int h : new int[] {3, 6, 7}) {
            FeedPoll p = sync.failed(AIRBNB, run.state, "HTTP 503", NOW.plus(Duration.ofHours(h)));
            run.state = p.state();
            seen.add(h + ":" + types(p.events()));
        }
        run.poll("airbnb.ics", NOW.plus(Duration.ofHours(8)));
        FeedPoll later = sync.failed(AIRBNB, run.state, "timeout", NOW.plus(Duration.ofHours(14)));
        seen.add("14:" + types(later.events()));
        assertThat(seen).containsExactly("3:[]", "6:[feed.stale]", "7:[]", "14:[feed.stale]");
        assertThat(((IcalEvent.FeedStale) later.events().getFirst()).ageSeconds()).isEqualTo(Duration.ofHours(6).toSeconds());
        assertThat(((IcalEvent.FeedStale) later.events().getFirst()).lastFailureReason()).isEqualTo("timeout");
    }

    @Test
    void aHeldFeedGoesStaleToo() {
        Run run = new Run(AIRBNB);
        run.poll("airbnb.ics", NOW);
        run.poll("login.html", NOW.plus(Duration.ofHours(1)));
        assertThat(types(run.poll("login.html", NOW.plus(Duration.ofHours(6))))).containsExactly("feed.stale");
        assertThat(Freshness.age(run.state, NOW.plus(Duration.ofHours(7)))).isEqualTo(Duration.ofHours(7));
    }

    private static FeedReading.Calendar entries(List<FeedEntry> entries) {
        return new FeedReading.Calendar("-//test//EN", entries, 0, 0, List.of());
    }
}
