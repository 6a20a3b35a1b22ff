package dev.junction.server.demo.crm;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Settings of one simulator; {@link #start()} starts it. */
public final class CrmSimulatorBuilder {
    String name = "crm";
    IdStyle idStyle = IdStyle.PREFIXED;
    String token;
    String webhookUrl;
    String webhookSecret;
    Clock clock = Clock.systemUTC();
    long seed;
    List<Duration> webhookRetryDelays = List.of(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));
    Duration webhookTimeout = Duration.ofSeconds(5);
    int webhookSenders = 1;
    int port;

    CrmSimulatorBuilder() {}

    /** The system's name (letters, digits, - and _), part of every webhook id; default {@code crm}. */
    public CrmSimulatorBuilder name(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("name must be letters, digits, - or _, but was '" + name + "'");
        this.name = name;
        return this;
    }

    public CrmSimulatorBuilder idStyle(IdStyle idStyle) {
        this.idStyle = idStyle;
        return this;
    }

    /** The bearer token every request must carry; default none (no auth). */
    public CrmSimulatorBuilder token(String token) {
        this.token = token;
        return this;
    }

    /** Where change webhooks go; default none (changes are not announced until {@link CrmSimulator#webhookUrl} is set). */
    public CrmSimulatorBuilder webhookUrl(String url) {
        this.webhookUrl = url;
        return this;
    }

    /** The {@code whsec_<base64>} signing secret; default one made from the seed and name. */
    public CrmSimulatorBuilder webhookSecret(String secret) {
        this.webhookSecret = secret;
        return this;
    }

    /** The clock of {@code updated_at}, webhook timestamps and the rate limit's refill; default the system's (UTC). */
    public CrmSimulatorBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The seed of the habits' chance (and of the default secret); default 0. */
    public CrmSimulatorBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The waits between a failed webhook send and its retries; their count is the number of retries. Default 200 ms, 1 s, 3 s. */
    public CrmSimulatorBuilder webhookRetryDelays(List<Duration> delays) {
        this.webhookRetryDelays = List.copyOf(delays);
        return this;
    }

    /** How long one webhook send may take; default 5 s. */
    public CrmSimulatorBuilder webhookTimeout(Duration timeout) {
        this.webhookTimeout = timeout;
        return this;
    }

    /**
     * How many webhooks may be on their way at once; default 1 (every change in order). With more, each record's
     * changes still go one at a time and in order (always by the same sender), while different records' go in parallel.
     */
    public CrmSimulatorBuilder webhookSenders(int senders) {
        if (senders < 1 || senders > 64) throw new IllegalArgumentException("webhookSenders must be from 1 to 64, but was " + senders);
        this.webhookSenders = senders;
        return this;
    }

    /** The port on 127.0.0.1 to listen on; default 0, an ephemeral one ({@link CrmSimulator#baseUrl()} tells which). */
    public CrmSimulatorBuilder port(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be from 0 to 65535, but was " + port);
        this.port = port;
        return this;
    }

    /** Starts the simulator, listening on 127.0.0.1 at {@link #port} (default an ephemeral one). */
    public CrmSimulator start() {
        return new CrmSimulator(this);
    }
}
