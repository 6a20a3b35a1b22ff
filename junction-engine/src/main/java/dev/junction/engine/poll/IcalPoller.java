package dev.junction.engine.poll;

import dev.junction.core.config.IcalSpec;
import dev.junction.core.explain.DurationText;
import dev.junction.core.model.Ids;
import dev.junction.engine.append.Appended;
import dev.junction.engine.append.Appender;
import dev.junction.engine.append.Arrival;
import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.FeedHealth;
import dev.junction.engine.ical.FeedParser;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.IcalEvent;
import dev.junction.engine.ical.UnitState;
import dev.junction.engine.ical.UnitSync;
import dev.junction.engine.net.BoundedAnswer;
import dev.junction.store.PollCommit;
import dev.junction.store.PollRecord;
import dev.junction.store.PollState;
import dev.junction.store.PollStates;
import dev.junction.store.SnapshotItem;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One poll of an iCal source: every unit's feed on every channel fetched (conditionally), read and synced with
 * {@link UnitSync}, then the units' next states, their events as messages and the poll's record committed in one
 * transaction, fenced by lease and generation as a JSON poll is. A feed that fails is a failed sync of that feed:
 * nothing of it changes but its age, which leads to {@code feed.stale}.
 */
final class IcalPoller {

    static final String ACCEPT = "text/calendar, */*;q=0.5";
    /** How many failed feeds a poll's record names; the count says the rest. */
    private static final int ERRORS_NAMED = 3;

    private record Source(IcalSpec spec, FeedParser parser, UnitSync sync) {}

    private final Map<String, Source> sources = new HashMap<>();
    private final PollStates store;
    private final Appender appender;
    private final PageFetcher fetcher;
    private final Credentials anonymous;
    private final SourceLeases leases;
    private final Clock clock;
    private final Ids ids;
    private final FeedBodies bodies = new FeedBodies();

    IcalPoller(Map<String, IcalSpec> icals, PollStates store, Appender appender, PageFetcher fetcher, Credentials anonymous,
               SourceLeases leases, Clock clock, Ids ids) {
        icals.forEach((name, spec) -> sources.put(name, new Source(spec, new FeedParser(IcalStates.settings(spec)),
                new UnitSync(IcalStates.settings(spec)))));
        this.store = store;
        this.appender = appender;
        this.fetcher = fetcher;
        this.anonymous = anonymous;
        this.leases = leases;
        this.clock = clock;
        this.ids = ids;
    }

    /** What the feeds of one poll came to, for its record. */
    private static final class Tally {
        int feeds, failed, notModified;
        Integer status;
        /** The longest wait a feed answered 429 or 503 asked for: the source is not polled again sooner. */
        Duration retryAfter;
        final List<String> errors = new ArrayList<>();

        UnitSync.UnitPoll failed(ChannelFeed feed, String reason, UnitSync sync, UnitState unit, Instant now) {
            failed++;
            if (errors.size() < ERRORS_NAMED) errors.add(feed.unit() + "/" + feed.channel() + " " + reason);
            return sync.failed(feed, unit, reason, now);
        }
    }

    /** Polls every feed of {@code source}, whose lease this node holds. */
    PollResult pollHeld(String source) throws InterruptedException {
        Source src = sources.get(source);
        Instant started = clock.instant();
        String pollId = ids.next("poll");
        PollState state = store.pollState(source);
        if (appender.overloaded().isPresent()) return recordOnly(source, pollId, started, "too many deliveries waiting: the gateway is overloaded");
        Map<String, SnapshotItem> snapshot = store.snapshot(source);
        Map<String, UnitState> units = IcalStates.units(snapshot);
        Tally tally = new Tally();
        List<IcalEvent> events = new ArrayList<>();
        List<SnapshotItem> upserts = new ArrayList<>();
        List<IcalLog.Change> changes = new ArrayList<>();
        int bookings = 0;
        try (FeedFetches fetches = new FeedFetches(fetcher, anonymous, src.spec().timeout(), ACCEPT)) {
            // Every feed is asked for at once (a few at a time); the answers are then read and diffed in order.
            for (IcalSpec.Unit unit : src.spec().units().values()) {
                for (String channel : unit.channels().keySet()) {
                    String url = unit.channels().get(channel).url();
                    String key = feedKey(source, unit.name(), channel);
                    fetches.start(key, url, bodies.conditional(key, url));
                }
            }
            for (IcalSpec.Unit unit : src.spec().units().values()) {
                UnitState u = units.getOrDefault(unit.name(), UnitState.initial(unit.name())).only(unit.channels().keySet());
                for (String channel : unit.channels().keySet()) {
                    if (!leases.hold(source)) return new PollResult.Skipped("the lease of " + source + " passed during its poll");
                    String key = feedKey(source, unit.name(), channel);
                    ChannelFeed feed = IcalStates.feed(unit, channel);
                    UnitSync.UnitPoll p = pollFeed(src, feed, key, unit.channels().get(channel).url(), fetches.answer(key), u, tally);
                    changes.add(new IcalLog.Change(feed, u.feed(feed), p.state().feed(feed)));
                    u = p.state();
                    events.addAll(p.events());
                }
                for (FeedState f : u.feeds().values()) bookings += f.bookings().size();
                SnapshotItem item = IcalStates.item(u);
                SnapshotItem stored = snapshot.get(item.key());
                if (stored == null || !stored.hash().equals(item.hash())) upserts.add(item);
            }
        }
        // Units no longer configured leave the snapshot: nothing exports them.
        List<String> removed = snapshot.keySet().stream().filter(k -> k.startsWith(IcalStates.UNIT_KEY)
                && !src.spec().units().containsKey(k.substring(IcalStates.UNIT_KEY.length()))).toList();
        PollRecord.Outcome outcome = tally.failed == tally.feeds ? PollRecord.Outcome.FAILED : !events.isEmpty() ? PollRecord.Outcome.CHANGED
                : tally.notModified == tally.feeds ? PollRecord.Outcome.NOT_MODIFIED : PollRecord.Outcome.UNCHANGED;
        Instant now = clock.instant();
        String error = tally.failed == 0 ? null : tally.failed + " of " + tally.feeds + " feeds failed: " + String.join("; ", tally.errors);
        PollRecord record = new PollRecord(pollId, source, leases.node(), started, Duration.between(started, now), tally.status, error,
                tally.feeds, bookings, events.size(), outcome, tally.retryAfter);
        PollState next = new PollState(source, null, PollState.Validators.NONE, state.generation() + 1,
                outcome == PollRecord.Outcome.FAILED ? state.lastSuccessAt() : now);
        PollCommit commit = new PollCommit(source, leases.node(), now, state.generation(), next, upserts, removed, record);
        List<Arrival> arrivals = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) arrivals.add(IcalMessages.arrival(source, events.get(i), next.generation(), i, pollId));
        Optional<List<Appended>> stored = appender.appendAll(arrivals, (entries, deliveryIds) -> store.commitPoll(commit, entries, deliveryIds));
        if (stored.isEmpty()) return new PollResult.Skipped("the commit of " + source + " was fenced off: the lease passed or another poll committed first");
        IcalLog.committed(source, events, changes);
        return new PollResult.Done(record);
    }

    private static String feedKey(String source, String unit, String channel) {
        return source + "/" + unit + "/" + channel;
    }

    private UnitSync.UnitPoll pollFeed(Source src, ChannelFeed feed, String key, String url, FeedFetches.Answer fetched, UnitState unit,
                                       Tally tally) {
        tally.feeds++;
        if (fetched.error() instanceof HttpTimeoutException) {
            return tally.failed(feed, "timed out after " + DurationText.of(src.spec().timeout()), src.sync(), unit, clock.instant());
        } else if (fetched.error() instanceof BoundedAnswer.TooLarge || fetched.error() instanceof ContentEncoding.Unsupported) {
            return tally.failed(feed, fetched.error().getMessage(), src.sync(), unit, clock.instant());
        } else if (fetched.error() != null) {
            // The class only: a message may carry the feed's url, whose query is the channel's secret.
            return tally.failed(feed, fetched.error().getClass().getSimpleName(), src.sync(), unit, clock.instant());
        }
        Page page = fetched.page();
        tally.status = page.status();
        FeedBodies.Last answer = null;
        if (page.status() == 304) {
            answer = bodies.notModified(key, url);
            if (answer == null) return tally.failed(feed, "HTTP 304 with no body kept to read again", src.sync(), unit, clock.instant());
            tally.notModified++;
        } else if (page.status() / 100 != 2) {
            String asked = "";
            if (page.status() == 429 || page.status() == 503) {
                Duration wait = dev.junction.core.retry.RetryAfter.parse(page.header("Retry-After"), clock.instant()).orElse(null);
                if (wait != null) {
                    wait = PollSchedule.capped(wait);
                    if (tally.retryAfter == null || wait.compareTo(tally.retryAfter) > 0) tally.retryAfter = wait;
                    asked = " (Retry-After " + DurationText.of(wait) + ")";
                }
            }
            return tally.failed(feed, "HTTP " + page.status() + asked, src.sync(), unit, clock.instant());
        } else {
            answer = new FeedBodies.Last(url, page.header("ETag"), page.header("Last-Modified"), page.header("Content-Type"), page.body());
            bodies.keep(key, answer);
        }
        return src.sync().poll(feed, unit, src.parser().read(answer.contentType(), answer.body(), feed.preset(), feed.zone()), clock.instant());
    }

    private PollResult recordOnly(String source, String pollId, Instant started, String error) {
        Instant now = clock.instant();
        PollRecord record = new PollRecord(pollId, source, leases.node(), started, Duration.between(started, now), null, error, 0, 0, 0,
                PollRecord.Outcome.FAILED);
        if (store.commitPoll(PollCommit.failed(leases.node(), now, record), List.of(), () -> ids.next("dlv")).isEmpty()) {
            return new PollResult.Skipped(source + " is polled by another node");
        }
        return new PollResult.Done(record);
    }

    /**
     * An operator's release of a held feed: its next calendar is taken as it is. Committed as the next generation,
     * so a poll running meanwhile lands nothing and is repeated on the released state; empty when that poll
     * committed first (ask again).
     */
    Optional<FeedState> release(String source, String unit, String channel) {
        Source src = sources.get(source);
        ChannelFeed feed = IcalStates.feed(src.spec().units().get(unit), channel);
        PollState state = store.pollState(source);
        UnitState before = IcalStates.units(store.snapshot(source)).getOrDefault(unit, UnitState.initial(unit));
        // Only a held feed is released: a release takes the next calendar as it is, whatever it holds, so one armed on a
        // healthy feed would let a glitch through later. Answered with the state unchanged (not released).
        // Nor is one whose answer is no calendar: there is nothing to take, and the next poll would hold it again.
        FeedHealth health = before.feed(feed).health();
        if (!health.suspect() || !health.reason().releasable()) return Optional.of(before.feed(feed));
        UnitState after = src.sync().release(feed, before);
        PollState next = new PollState(source, state.cursor(), state.validators(), state.generation() + 1, state.lastSuccessAt());
        PollCommit commit = new PollCommit(source, null, clock.instant(), state.generation(), next, List.of(IcalStates.item(after)), List.of(), null);
        Optional<FeedState> released = store.commitPoll(commit, List.of(), () -> ids.next("dlv")).map(done -> after.feed(feed));
        if (released.isPresent()) IcalLog.released(source, feed, health);
        return released;
    }
}
