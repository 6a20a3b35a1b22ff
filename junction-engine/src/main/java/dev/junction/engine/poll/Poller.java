package dev.junction.engine.poll;

import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.PollSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.append.Appended;
import dev.junction.engine.append.Appender;
import dev.junction.engine.append.Arrival;
import dev.junction.store.PageRequest;
import dev.junction.store.PollCommit;
import dev.junction.store.PollRecord;
import dev.junction.store.PollState;
import dev.junction.store.PollStates;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * One poll of a source: read the listing, diff it with the snapshot, and commit the messages, the next state, the
 * snapshot changes and the poll's record in one transaction through the {@link Appender}. The commit lands only
 * while this node holds the source's lease and nothing else committed since the poll began; otherwise nothing of
 * it is stored and the next poll sees the same changes again (at least once, never skipped).
 */
public final class Poller {

    /** How long an operator's release waits for a running poll of the source. */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

    private final Map<String, PollSpec> polls;
    private final Map<String, IcalSpec> icals;
    private final IcalPoller icalPoller;
    private final PollStates store;
    private final Appender appender;
    private final ListingReader reader;
    private final SourceLeases leases;
    private final Clock clock;
    private final Ids ids;
    private final Map<String, Credentials> credentials = new HashMap<>();
    private final Map<String, ReentrantLock> running = new java.util.LinkedHashMap<>();
    private volatile BiConsumer<String, PollResult> listener = (source, result) -> { };

    public Poller(Map<String, PollSpec> polls, PollStates store, Appender appender, HttpClient http, Clock clock, Ids ids, String node,
                  Duration leaseLength) {
        this(polls, Map.of(), store, appender, http, clock, ids, node, leaseLength);
    }

    /**
     * @param icals the iCal sources, polled through the same leases, schedule and commit
     * @param http  the client for every fetch; may be null when there are neither polls nor iCal sources
     */
    public Poller(Map<String, PollSpec> polls, Map<String, IcalSpec> icals, PollStates store, Appender appender, HttpClient http, Clock clock,
                  Ids ids, String node, Duration leaseLength) {
        this.polls = Map.copyOf(polls);
        this.icals = Map.copyOf(icals);
        this.store = store;
        this.appender = appender;
        this.clock = clock;
        this.ids = ids;
        PageFetcher fetcher = new PageFetcher(http, new HostLimits(polls.values()));
        this.reader = new ListingReader(fetcher, clock);
        this.leases = new SourceLeases(store, node, leaseLength, clock);
        polls.forEach((source, spec) -> {
            credentials.put(source, new Credentials(spec.auth(), http, clock, spec.timeout()));
            running.put(source, new ReentrantLock());
        });
        icals.keySet().forEach(source -> running.put(source, new ReentrantLock()));
        this.icalPoller = new IcalPoller(icals, store, appender, fetcher, new Credentials(PollSpec.Auth.NONE, http, clock, PollSpec.DEFAULT_TIMEOUT),
                leases, clock, ids);
    }

    /** The polled JSON APIs. */
    public Map<String, PollSpec> polls() { return polls; }

    /** The iCal sources. */
    public Map<String, IcalSpec> icals() { return icals; }

    /** Every source this poller polls, of either kind. */
    public Set<String> sources() { return running.keySet(); }

    PollSchedule schedule(String source, RandomGenerator random) {
        IcalSpec ical = icals.get(source);
        return ical != null ? new PollSchedule(ical.every(), null, false, random) : new PollSchedule(polls.get(source), random);
    }

    /** Told of every poll's result, scheduled or asked for (metrics). */
    public void listener(BiConsumer<String, PollResult> listener) {
        this.listener = listener;
    }

    SourceLeases leases() { return leases; }

    /** This node's name, as its leases and poll records carry it. */
    public String node() { return leases.node(); }

    /**
     * Polls {@code source} now, unless a poll of it is running here, another node holds it, or its server's last answer
     * asked to wait longer.
     */
    public PollResult poll(String source) throws InterruptedException {
        return poll(source, false);
    }

    /**
     * @param takeDeletions an operator's word that a full listing's deletions are real: the mass-removal guard is off
     *                      for this poll (a JSON API's; an iCal source has its own release)
     */
    public PollResult poll(String source, boolean takeDeletions) throws InterruptedException {
        ReentrantLock lock = running.get(source);
        if (lock == null) throw new IllegalArgumentException("no polled source " + source);
        if (!lock.tryLock()) return new PollResult.Skipped("a poll of " + source + " is already running");
        try {
            // Read from the last poll's record, not kept here: a restarted node, or one taking the lease over, waits too.
            Instant until = store.polls(source, PageRequest.newestFirst(null, 1)).stream().findFirst().map(PollRecord::waitUntil).orElse(null);
            Instant now = clock.instant();
            if (until != null && now.isBefore(until)) {
                PollResult deferred = new PollResult.Deferred(until, Duration.between(now, until),
                        "the server of " + source + " asked to wait (Retry-After) until " + until);
                listener.accept(source, deferred);
                return deferred;
            }
            PollResult result = !leases.hold(source)
                    ? new PollResult.Skipped(heldElsewhere(source))
                    : icals.containsKey(source) ? icalPoller.pollHeld(source) : pollHeld(source, polls.get(source), takeDeletions);
            listener.accept(source, result);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Who polls the source instead, and until when its lease holds (a node killed holds it until then). */
    private String heldElsewhere(String source) {
        return store.pollLease(source).map(lease -> source + " is polled by node " + lease.getKey() + ", whose lease runs until "
                + lease.getValue().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (a node stopped without giving it up, e.g. killed, holds it until then)")
                .orElse(source + " is polled by another node");
    }

    private PollResult pollHeld(String source, PollSpec spec, boolean takeDeletions) throws InterruptedException {
        Instant started = clock.instant();
        String pollId = ids.next("poll");
        if (appender.overloaded().isPresent()) {
            return failed(source, pollId, started, new Listing.Failed(null, "too many deliveries waiting: the gateway is overloaded", null, 0));
        }
        PollState state = store.pollState(source);
        Listing listing = reader.read(spec, state, credentials.get(source), () -> leases.hold(source));
        return switch (listing) {
            case Listing.Failed f -> failed(source, pollId, started, f);
            case Listing.NotModified n -> commit(source, pollId, started, state, new PollState(source, state.cursor(), state.validators(),
                    state.generation() + 1, clock.instant()), n.status(), n.pages(), new ItemDiff.Diff(List.of(), List.of(), List.of(), 0),
                    PollRecord.Outcome.NOT_MODIFIED);
            case Listing.Fetched f -> diffAndCommit(source, spec, pollId, started, state, f, takeDeletions);
        };
    }

    private PollResult diffAndCommit(String source, PollSpec spec, String pollId, Instant started, PollState state, Listing.Fetched f,
                                     boolean takeDeletions) {
        // A listing read page by page is not one picture: a deletion must show in two of them (ItemDiff.of).
        ItemDiff.Diff diff = ItemDiff.of(f.items(), spec.id(), store.snapshot(source), !spec.incremental(),
                takeDeletions ? null : spec.massRemoval(), f.pages() > 1 && !takeDeletions);
        String cursor = Cursors.advance(state.cursor(), f.items(), spec.updated());
        // With deletions withheld or awaiting a second listing, or items skipped, no validators: the next poll reads the
        // listing in full and weighs it again.
        boolean weighAgain = diff.withheld() > 0 || diff.skipped() > 0 || diff.unconfirmed() > 0;
        PollState next = new PollState(source, cursor, weighAgain ? PollState.Validators.NONE : f.validators(),
                state.generation() + 1, clock.instant());
        return commit(source, pollId, started, state, next, f.status(), f.pages(), diff,
                diff.changes().isEmpty() ? PollRecord.Outcome.UNCHANGED : PollRecord.Outcome.CHANGED, note(source, diff, spec));
    }

    /** What the poll's record says of items it skipped and deletions it kept back, or null when neither. */
    private static String note(String source, ItemDiff.Diff diff, PollSpec spec) {
        if (diff.skipped() > 0) {
            return "skipped " + diff.skipped() + " item(s) without an id at '" + spec.id() + "' (the first is item " + diff.firstSkipped()
                    + " of the listing); " + (spec.incremental() ? "the others' changes were taken"
                    : "the others' changes were taken, and no deletions while items are skipped");
        }
        if (diff.withheld() == 0) {
            return diff.unconfirmed() == 0 ? null : diff.unconfirmed() + " item(s) missing from this listing of " + diff.items()
                    + " read in pages: deleted if the next listing lacks them too";
        }
        String why = diff.items() == 0 ? "the listing is empty" : "more than " + Math.round(spec.massRemoval().share() * 100)
                + "% and more than " + spec.massRemoval().minimum() + " gone at once";
        return "withheld " + diff.withheld() + " deletion(s) of " + diff.known() + " known item(s): " + why
                + "; if they are really gone, POST /api/v1/sources/" + source + "/poll?take-deletions=true";
    }

    private PollResult commit(String source, String pollId, Instant started, PollState state, PollState next, int status, int pages,
                              ItemDiff.Diff diff, PollRecord.Outcome outcome) {
        return commit(source, pollId, started, state, next, status, pages, diff, outcome, null);
    }

    private PollResult commit(String source, String pollId, Instant started, PollState state, PollState next, int status, int pages,
                              ItemDiff.Diff diff, PollRecord.Outcome outcome, String note) {
        Instant now = clock.instant();
        PollRecord record = new PollRecord(pollId, source, leases.node(), started, Duration.between(started, now), status, note, pages,
                diff.items(), diff.changes().size(), outcome);
        PollCommit commit = new PollCommit(source, leases.node(), now, state.generation(), next, diff.upserts(), diff.removed(), record);
        List<Arrival> arrivals = new ArrayList<>(diff.changes().size());
        for (Change change : diff.changes()) arrivals.add(ChangeMessages.arrival(source, change, next.generation(), pollId));
        Optional<List<Appended>> stored = appender.appendAll(arrivals, (entries, deliveryIds) -> store.commitPoll(commit, entries, deliveryIds));
        if (stored.isEmpty()) return new PollResult.Skipped("the commit of " + source + " was fenced off: the lease passed or another poll committed first");
        return new PollResult.Done(record, diff.withheld());
    }

    private PollResult failed(String source, String pollId, Instant started, Listing.Failed f) {
        Instant now = clock.instant();
        PollRecord record = new PollRecord(pollId, source, leases.node(), started, Duration.between(started, now), f.status(), f.error(),
                f.pages(), 0, 0, PollRecord.Outcome.FAILED, f.retryAfter());
        if (store.commitPoll(PollCommit.failed(leases.node(), now, record), List.of(), () -> ids.next("dlv")).isEmpty()) {
            return new PollResult.Skipped(source + " is polled by another node");
        }
        return new PollResult.Done(record);
    }

    /**
     * An operator's release of an iCal source's held feed (its next calendar is taken as it is), after any poll of the
     * source running here; empty when a poll kept it busy or committed first. A feed that is not held is answered as it
     * is, not released (its health's {@code released} stays false).
     */
    public Optional<dev.junction.engine.ical.FeedState> release(String source, String unit, String channel) throws InterruptedException {
        IcalSpec spec = icals.get(source);
        if (spec == null || !spec.units().containsKey(unit) || !spec.units().get(unit).channels().containsKey(channel)) {
            throw new IllegalArgumentException("no feed " + unit + "/" + channel + " of an iCal source " + source);
        }
        ReentrantLock lock = running.get(source);
        if (!lock.tryLock(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) return Optional.empty();
        try {
            return icalPoller.release(source, unit, channel);
        } finally {
            lock.unlock();
        }
    }

    /** Gives up this node's leases, so another node takes its sources over at once. */
    public void releaseLeases() {
        leases.releaseAll();
    }
}
