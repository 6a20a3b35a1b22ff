package dev.junction.server.demo.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.verify.StandardWebhooksSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each change as a Standard Webhooks signed POST ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), from background senders (one by default), in the order of the changes: each
 * record's changes always go through the same sender, so they keep their order while several senders send
 * different records' at once. A failed send is retried after each of the configured delays; a retried
 * webhook goes behind those queued after it, so order is not guaranteed once a send fails, as with real
 * CRMs. During an outage nothing is sent: webhooks are held and go out, in order, when it ends. With no URL
 * set, changes are not announced.
 */
final class ChangeWebhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeWebhooks.class);

    private final String system;
    private final String secret;
    private final Clock clock;
    private final List<Duration> retryDelays;
    private final Duration timeout;
    private final BooleanSupplier outage;
    private final HttpClient http;
    /** The senders; each holds back its own webhooks during an outage (only its thread touches its list). */
    private final ScheduledExecutorService[] senders;
    private final List<List<Webhook>> held = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong heldCount = new AtomicLong();
    private volatile URI url;

    /** One change on its way: its body is fixed; the timestamp and signature are made afresh per attempt. */
    private record Webhook(String id, byte[] body, int attempt, int sender) {
        Webhook next() {
            return new Webhook(id, body, attempt + 1, sender);
        }
    }

    ChangeWebhooks(String system, String secret, Clock clock, List<Duration> retryDelays, Duration timeout, BooleanSupplier outage) {
        this(system, secret, clock, retryDelays, timeout, outage, 1);
    }

    /** @param senders how many webhooks may be on their way at once (each record's one at a time, in order) */
    ChangeWebhooks(String system, String secret, Clock clock, List<Duration> retryDelays, Duration timeout, BooleanSupplier outage, int senders) {
        this.system = system;
        this.secret = secret;
        this.clock = clock;
        this.retryDelays = List.copyOf(retryDelays);
        this.timeout = timeout;
        this.outage = outage;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.senders = new ScheduledExecutorService[senders];
        for (int i = 0; i < senders; i++) {
            String name = "crm-sim-" + system + "-webhooks" + (senders == 1 ? "" : "-" + i);
            this.senders[i] = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            held.add(new ArrayList<>());
        }
    }

    void url(String url) {
        this.url = url == null ? null : URI.create(url);
    }

    String url() {
        return url == null ? null : url.toString();
    }

    /** Queues the webhook for {@code change}; its id is {@code evt_<system>_<n>}, n counting from 1. */
    void announce(ContactChange change) {
        if (url == null) return;
        String id = "evt_" + system + "_" + sequence.incrementAndGet();
        ObjectNode event = Contacts.JSON.createObjectNode().put("type", change.type().wireName()).put("id", id);
        event.set("data", change.record());
        try {
            pending.incrementAndGet();
            int sender = Math.floorMod(change.record().path(Contacts.ID).asText().hashCode(), senders.length);
            Webhook webhook = new Webhook(id, Contacts.JSON.writeValueAsBytes(event), 1, sender);
            senders[sender].execute(() -> send(webhook));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a contact could not be written as JSON", e);
        }
    }

    /** Sends what an outage held back, in the order it was held. */
    void release() {
        for (int i = 0; i < senders.length; i++) {
            List<Webhook> mine = held.get(i);
            senders[i].execute(() -> {
                List<Webhook> now = new ArrayList<>(mine);
                mine.clear();
                heldCount.addAndGet(-now.size());
                now.forEach(this::send);
            });
        }
    }

    long delivered() { return delivered.get(); }
    long failedAttempts() { return failedAttempts.get(); }
    long givenUp() { return givenUp.get(); }
    long pending() { return pending.get(); }
    long held() { return heldCount.get(); }

    private void send(Webhook webhook) {
        if (outage.getAsBoolean()) {
            held.get(webhook.sender()).add(webhook);
            heldCount.incrementAndGet();
            return;
        }
        URI target = url;
        if (target == null) {
            // The URL was unset after this change was announced: nobody is listening any more.
            pending.decrementAndGet();
            givenUp.incrementAndGet();
            return;
        }
        int status = -1;
        try {
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                    .header("content-type", "application/json")
                    .header("webhook-id", webhook.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", StandardWebhooksSigner.sign(secret, webhook.id(), timestamp, webhook.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body())).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            log.debug("webhook {} from {} failed: {}", webhook.id(), system, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            pending.decrementAndGet();
            delivered.incrementAndGet();
            return;
        }
        failedAttempts.incrementAndGet();
        if (webhook.attempt() > retryDelays.size()) {
            pending.decrementAndGet();
            givenUp.incrementAndGet();
            log.info("webhook {} from {} given up after {} attempts (last status {})", webhook.id(), system, webhook.attempt(), status);
            return;
        }
        Duration delay = retryDelays.get(webhook.attempt() - 1);
        senders[webhook.sender()].schedule(() -> send(webhook.next()), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        for (ScheduledExecutorService sender : senders) sender.shutdownNow();
        http.close();
    }
}
