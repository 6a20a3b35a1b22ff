package dev.junction.engine.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.net.UserAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts: as log lines, and to an optional webhook at most once per interval. The first alert after a
 * quiet interval goes out at once; what comes within the interval is summed up in one summary when it ends, so a
 * storm of dead letters sends one message, not thousands. The log is summed up likewise, per kind and destination
 * ({@link AlertLog}).
 */
public final class Alerter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Alerter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLES = 20;

    private final Clock clock;
    private final Duration interval;
    private final Consumer<String> post;
    private final AlertLog lines;
    private final List<Alert> pending = new ArrayList<>();
    private Instant lastSent = Instant.MIN;
    private Thread flusher;
    private volatile boolean running;

    /** @param post sends one JSON document; null when no webhook is configured (log lines only) */
    public Alerter(Clock clock, Duration interval, Consumer<String> post) {
        this.clock = clock;
        this.interval = interval;
        this.post = post;
        this.lines = new AlertLog(clock, interval);
    }

    /** An alerter that POSTs to {@code url}; failures to alert are logged, never retried into a storm. */
    public static Alerter toWebhook(URI url, Clock clock, Duration interval) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new Alerter(clock, interval, json -> Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header(UserAgent.HEADER, UserAgent.JUNCTION).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 300) log.warn("alert webhook answered {}", r.statusCode());
            } catch (Exception e) {
                log.warn("alert webhook failed: {}", e.toString());
            }
        }));
    }

    public static Alerter logOnly(Clock clock) {
        return new Alerter(clock, Duration.ofMinutes(1), null);
    }

    public void raise(Alert alert) {
        lines.raise(alert);
        if (post == null) return;
        String now = null;
        synchronized (this) {
            pending.add(alert);
            if (!clock.instant().isBefore(lastSent.plus(interval))) now = drain();
        }
        if (now != null) post.accept(now);
    }

    /** Sends what gathered during the interval, if the interval is over. Called periodically. */
    public void flush() {
        lines.flush(false);
        if (post == null) return;
        String summary = null;
        synchronized (this) {
            if (!pending.isEmpty() && !clock.instant().isBefore(lastSent.plus(interval))) summary = drain();
        }
        if (summary != null) post.accept(summary);
    }

    private String drain() {
        lastSent = clock.instant();
        Map<String, Integer> byKind = new TreeMap<>();
        ObjectNode body = JSON.createObjectNode();
        body.put("total", pending.size());
        ArrayNode samples = body.putArray("alerts");
        for (Alert a : pending) {
            byKind.merge(a.kind().name(), 1, Integer::sum);
            if (samples.size() < SAMPLES) {
                samples.addObject().put("kind", a.kind().name()).put("destination", a.destination())
                        .put("detail", a.detail()).put("at", a.at().toString());
            }
        }
        ObjectNode counts = body.putObject("byKind");
        byKind.forEach(counts::put);
        pending.clear();
        return body.toString();
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        long every = Math.max(100, interval.toMillis() / 4);
        flusher = Thread.ofPlatform().name("junction-alerts").daemon(true).start(() -> {
            while (running) {
                try {
                    Thread.sleep(every);
                    flush();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        running = false;
        if (flusher != null) flusher.interrupt();
        lines.flush(true); // what was only counted is logged, not lost
    }
}
