package dev.junction.engine.ical;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One poll of one feed, as a pure function: the previous state and what the feed answered in, the
 * events and the next state out. The guard decides whether the calendar is taken; the identity ladder
 * says which booking each entry is; removals are classified: ended (dropped quietly), missing (cancelled
 * after {@code cancel-after-missing} healthy polls over at least {@code cancel-hold}), or withheld (the feed is suspect).
 */
public final class FeedSync {

    private final SyncSettings settings;
    private final FeedGuard guard;

    public FeedSync(SyncSettings settings) {
        this.settings = settings;
        this.guard = new FeedGuard(settings);
    }

    public SyncSettings settings() {
        return settings;
    }

    /** A 2xx answer, read by {@link FeedParser}. A 304 is the stored body read again. */
    public FeedPoll poll(ChannelFeed feed, FeedState previous, FeedReading reading, Instant now) {
        FeedState prev = previous.polled(now);
        return switch (reading) {
            case FeedReading.Refused r -> hold(feed, prev, r.reason(), r.detail(), null, 0, live(prev, feed.today(now)), now);
            case FeedReading.Calendar c -> {
                FeedPoll read = read(feed, prev, c, now);
                yield new FeedPoll(read.events(), read.state().skipping(c.problems()));
            }
        };
    }

    /** No answer to read: a network error, a timeout, a 4xx or 5xx. Nothing is known, so nothing changes. */
    public FeedPoll failed(ChannelFeed feed, FeedState previous, String reason, Instant now) {
        return stale(feed, previous.failed(reason, now), now, new ArrayList<>());
    }

    /** {@code feed.stale} once, when the feed's last success is older than the settings allow. */
    public FeedPoll checkStale(ChannelFeed feed, FeedState state, Instant now) {
        return stale(feed, state, now, new ArrayList<>());
    }

    private FeedPoll read(ChannelFeed feed, FeedState prev, FeedReading.Calendar calendar, Instant now) {
        LocalDate today = feed.today(now);
        IdentityLadder.Matching matching = IdentityLadder.match(prev.bookings(), calendar.bookings());
        Set<String> unreadable = calendar.skippedUids();
        List<Booking> missing = matching.missing().stream().filter(b -> b.uids().stream().noneMatch(unreadable::contains)).toList();
        List<FeedEntry> liveEntries = calendar.bookings().stream().filter(e -> e.end().isAfter(today)).toList();
        FeedGuard.Verdict verdict = guard.judge(prev.bookings(), missing, liveEntries, today);
        if (verdict.healthy() || prev.health().released()) return apply(feed, prev, matching, unreadable, now);
        String held = FeedGuard.fingerprint(calendar.bookings());
        int confirmations = prev.health().suspect() && held.equals(prev.health().held()) ? prev.health().confirmations() + 1 : 0;
        boolean heldLongEnough = prev.health().suspect() && !now.isBefore(prev.health().since().plus(settings.releaseHold()));
        if (confirmations >= settings.releaseAfter() && heldLongEnough) return apply(feed, prev, matching, unreadable, now);
        return hold(feed, prev, verdict.reason(), verdict.detail(), held, confirmations, verdict, now);
    }

    private FeedPoll hold(ChannelFeed feed, FeedState prev, SuspectReason reason, String detail, String held, int confirmations,
                          FeedGuard.Verdict counts, Instant now) {
        FeedHealth was = prev.health();
        boolean raised = was.suspect() && was.reason() == reason;
        FeedHealth health = FeedHealth.suspect(reason, detail, raised ? was.since() : now, held, confirmations);
        List<IcalEvent> events = new ArrayList<>();
        if (!raised)
            events.add(new IcalEvent.FeedSuspect(feed.unit(), feed.channel(), reason, detail, counts.liveBefore(), counts.liveNow(), counts.lost()));
        return stale(feed, prev.withHealth(health), now, events);
    }

    private FeedGuard.Verdict live(FeedState prev, LocalDate today) {
        int live = (int) prev.bookings().stream().filter(b -> !b.endedBy(today) && b.missing() == 0).count();
        return new FeedGuard.Verdict(null, null, live, 0, live);
    }

    private FeedPoll apply(ChannelFeed feed, FeedState prev, IdentityLadder.Matching matching, Set<String> unreadable, Instant now) {
        LocalDate today = feed.today(now);
        List<IcalEvent> events = new ArrayList<>();
        List<Booking> next = new ArrayList<>();
        for (IdentityLadder.Match m : matching.matches()) {
            Booking seen = m.booking().seenAs(m.entry(), now);
            if (m.booking().datesDiffer(m.entry()))
                events.add(new IcalEvent.BookingChanged(feed.unit(), IcalEvent.BookingRef.of(seen),
                        IcalEvent.Nights.of(m.booking().start(), m.booking().end()), m.rung().wire()));
            if (!seen.endedBy(today)) next.add(seen);
        }
        for (FeedEntry e : matching.fresh()) {
            if (!e.end().isAfter(today)) continue; // a stay already over when first seen: history, not news
            Booking created = Booking.created(feed.unit(), feed.channel(), e, now);
            events.add(new IcalEvent.BookingCreated(feed.unit(), IcalEvent.BookingRef.of(created)));
            next.add(created);
        }
        for (Booking b : matching.missing()) {
            if (b.endedBy(today)) continue; // past_expired: feeds drop stays that are over
            if (b.uids().stream().anyMatch(unreadable::contains)) {
                next.add(b); // still in the feed, only unreadable this time
                continue;
            }
            Booking missed = b.missedAt(now);
            if (missed.missing() >= settings.cancelAfterMissing() && !now.isBefore(missed.missingSince().plus(settings.cancelHold()))) {
                events.add(new IcalEvent.BookingCancelled(feed.unit(), IcalEvent.BookingRef.of(b), missed.missing()));
            } else {
                next.add(missed);
            }
        }
        return new FeedPoll(events, prev.succeeded(next, now));
    }

    private FeedPoll stale(ChannelFeed feed, FeedState state, Instant now, List<IcalEvent> events) {
        if (state.staleSince() != null || !Freshness.isStale(state, now, settings.staleAfter())) return new FeedPoll(events, state);
        events.add(new IcalEvent.FeedStale(feed.unit(), feed.channel(), state.lastSuccess(), Freshness.age(state, now).toSeconds(),
                settings.staleAfter().toSeconds(), state.lastFailureReason()));
        return new FeedPoll(events, state.staleFrom(now));
    }
}
