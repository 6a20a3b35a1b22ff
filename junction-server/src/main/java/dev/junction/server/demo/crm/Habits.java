package dev.junction.server.demo.crm;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The bad habits of a real CRM API, each switched on and off at run time: a rate limit (429 with
 * Retry-After), slow answers, 500s, an outage (503 to every request, webhooks held until it ends) and creates
 * that time out after succeeding. Chance is drawn from a seeded {@link Random}, two draws per request in
 * arrival order, so a run with the same seed and the same requests behaves the same; the "next N" knobs
 * need no chance at all. Habits apply to API requests only, never to the simulator's programmatic methods.
 */
public final class Habits {

    private final Clock clock;
    private final Random random;
    private final Runnable outageEnded;
    private boolean outage;
    private TokenBucket bucket;
    private int rateLimitNext;
    private int failNext;
    private double errorChance;
    private Duration latency = Duration.ZERO;
    private double latencyChance;
    private int createsAnsweredLate;
    private Duration lateBy = Duration.ZERO;
    private int createsDropped;

    Habits(Clock clock, long seed, Runnable outageEnded) {
        this.clock = clock;
        this.random = new Random(seed);
        this.outageEnded = outageEnded;
    }

    /**
     * Starts or ends an outage: while on, every API request is answered 503 and webhooks are held; when it
     * ends, the held webhooks are sent in order.
     */
    public Habits outage(boolean on) {
        boolean ended;
        synchronized (this) {
            ended = outage && !on;
            outage = on;
        }
        if (ended) outageEnded.run();
        return this;
    }

    /** Whether an outage is going on. */
    public synchronized boolean outage() {
        return outage;
    }

    /** A token bucket of {@code burst} requests refilled at {@code perSecond} by the simulator's clock; 429 with Retry-After when empty. */
    public synchronized Habits rateLimit(int burst, double perSecond) {
        bucket = new TokenBucket(burst, perSecond, clock);
        return this;
    }

    /** The next {@code n} API requests are answered 429 with {@code Retry-After: 1}. */
    public synchronized Habits rateLimitNext(int n) {
        rateLimitNext = n;
        return this;
    }

    /** Each API request waits {@code latency} before it is handled, with probability {@code chance} (1: always). */
    public synchronized Habits slowAnswers(Duration latency, double chance) {
        this.latency = latency;
        this.latencyChance = chance;
        return this;
    }

    /** Each API request is answered 500 (and does nothing) with probability {@code chance}. */
    public synchronized Habits errors(double chance) {
        this.errorChance = chance;
        return this;
    }

    /** The next {@code n} API requests are answered 500 and do nothing. */
    public synchronized Habits failNext(int n) {
        failNext = n;
        return this;
    }

    /** The next {@code n} creates store their record (and announce it) but answer only after {@code delay}. */
    public synchronized Habits createsAnswerLate(int n, Duration delay) {
        createsAnsweredLate = n;
        lateBy = delay;
        return this;
    }

    /** The next {@code n} creates store their record (and announce it), then close the connection unanswered. */
    public synchronized Habits createsDropConnection(int n) {
        createsDropped = n;
        return this;
    }

    /** Every habit off, the outage ended. */
    public Habits calm() {
        synchronized (this) {
            bucket = null;
            rateLimitNext = failNext = createsAnsweredLate = createsDropped = 0;
            errorChance = latencyChance = 0;
            latency = Duration.ZERO;
        }
        return outage(false);
    }

    /** What to do with the API request now arriving; {@code create} says whether it is a create. */
    synchronized Verdict decide(boolean create) {
        double slowDraw = random.nextDouble();
        double errorDraw = random.nextDouble();
        if (outage) return new Verdict.Refuse(503, 0, "outage");
        if (rateLimitNext > 0) {
            rateLimitNext--;
            return new Verdict.Refuse(429, 1, "rate limited");
        }
        if (bucket != null) {
            Duration wait = bucket.take();
            if (!wait.isZero()) return new Verdict.Refuse(429, Math.max(1, (wait.toMillis() + 999) / 1000), "rate limited");
        }
        if (failNext > 0) {
            failNext--;
            return new Verdict.Refuse(500, 0, "error");
        }
        if (errorDraw < errorChance) return new Verdict.Refuse(500, 0, "error");
        Duration wait = slowDraw < latencyChance ? latency : Duration.ZERO;
        return new Verdict.Proceed(wait, create ? ending() : Verdict.ANSWER);
    }

    private Verdict.CreateEnding ending() {
        if (createsDropped > 0) {
            createsDropped--;
            return new Verdict.CreateEnding.Dropped();
        }
        if (createsAnsweredLate > 0) {
            createsAnsweredLate--;
            return new Verdict.CreateEnding.Late(lateBy);
        }
        return Verdict.ANSWER;
    }
}
