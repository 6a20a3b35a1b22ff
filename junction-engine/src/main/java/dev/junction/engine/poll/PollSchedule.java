package dev.junction.engine.poll;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.junction.core.config.PollSpec;
import dev.junction.store.PollRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.random.RandomGenerator;

/**
 * When a source is polled next. On its interval (or cron) plus up to a tenth of it as jitter, so sources that
 * start together spread out. After {@link #IDLE_POLLS} polls in a row without a change an interval source slows
 * down, doubling up to {@link #MAX_IDLE_FACTOR} times its interval, and snaps back on the first change. Failures
 * back off exponentially with full jitter, between the interval and {@link #backoffCap()}; a 429 or 503's
 * Retry-After is a floor. Not thread-safe: one per source, used by the scheduler's loop.
 */
final class PollSchedule {

    static final int IDLE_POLLS = 3;
    static final int MAX_IDLE_FACTOR = 4;
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Duration every;
    private final ExecutionTime cron;
    private final boolean slowsWhenIdle;
    private final RandomGenerator random;
    private int idle;
    private int failures;

    PollSchedule(PollSpec spec, RandomGenerator random) {
        this(spec.every(), spec.cron(), true, random);
    }

    /**
     * @param slowsWhenIdle false for calendars: an overbooking's window is the interval, and a calendar is idle most
     *                      of the time, so it keeps its interval
     */
    PollSchedule(Duration every, String cron, boolean slowsWhenIdle, RandomGenerator random) {
        this.every = every;
        this.cron = cron == null ? null : ExecutionTime.forCron(CRON.parse(cron));
        this.slowsWhenIdle = slowsWhenIdle;
        this.random = random;
    }

    /** The first poll: soon after start, spread by jitter. */
    Instant first(Instant now) {
        return cron == null ? now.plus(jitter(interval())) : nextCron(now);
    }

    /** The poll after one that ended at {@code now} with {@code outcome}. */
    Instant after(Instant now, PollRecord.Outcome outcome, Duration retryAfter) {
        Instant next;
        if (outcome == PollRecord.Outcome.FAILED) {
            failures++;
            next = now.plus(backoff());
        } else {
            failures = 0;
            idle = outcome == PollRecord.Outcome.CHANGED ? 0 : idle + 1;
            next = cron != null ? nextCron(now) : now.plus(interval().multipliedBy(idleFactor())).plus(jitter(interval()));
        }
        if (retryAfter != null && next.isBefore(now.plus(retryAfter))) next = now.plus(retryAfter);
        return next;
    }

    /**
     * A server's Retry-After as the schedule keeps it: at most {@link #MAX_BACKOFF}, so a mistaken (or hostile) answer of
     * days stops a source for an hour, not for days, and a restart does not make it shorter either (it is stored).
     */
    static Duration capped(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(MAX_BACKOFF) <= 0 ? retryAfter : MAX_BACKOFF;
    }

    /** Another node polls the source: look again within half a lease, to take it over soon after that node stops. */
    Instant whileHeldElsewhere(Instant now, Duration lease) {
        Duration wait = lease.dividedBy(2);
        Instant regular = cron == null ? now.plus(interval()) : nextCron(now);
        return regular.isBefore(now.plus(wait)) ? regular : now.plus(wait);
    }

    int idleFactor() {
        if (idle < IDLE_POLLS || !slowsWhenIdle) return 1;
        return (int) Math.min(MAX_IDLE_FACTOR, 1L << Math.min(idle - IDLE_POLLS + 1, 30));
    }

    /** Failures wait at most 64 intervals and at most an hour, but never less than one interval. */
    Duration backoffCap() {
        Duration cap = interval().multipliedBy(64);
        if (cap.compareTo(MAX_BACKOFF) > 0) cap = MAX_BACKOFF;
        return cap.compareTo(interval()) < 0 ? interval() : cap;
    }

    private Duration backoff() {
        Duration ceiling = interval().multipliedBy(1L << Math.min(failures, 30));
        if (ceiling.compareTo(backoffCap()) > 0) ceiling = backoffCap();
        long spread = ceiling.toMillis() - interval().toMillis();
        return interval().plusMillis(spread <= 0 ? 0 : random.nextLong(spread + 1));
    }

    private Duration interval() {
        return every != null ? every : Duration.ofMinutes(1);
    }

    private Duration jitter(Duration of) {
        long tenth = of.toMillis() / 10;
        return Duration.ofMillis(tenth <= 0 ? 0 : random.nextLong(tenth + 1));
    }

    private Instant nextCron(Instant now) {
        return cron.nextExecution(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)).map(ZonedDateTime::toInstant)
                .orElse(now.plus(MAX_BACKOFF));
    }
}
