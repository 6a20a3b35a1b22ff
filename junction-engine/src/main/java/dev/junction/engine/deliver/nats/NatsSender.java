package dev.junction.engine.deliver.nats;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.DestinationSpec.Target;
import dev.junction.core.config.UrlCredentials;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.deliver.DeliveryHeaders;
import dev.junction.engine.deliver.SendResult;
import dev.junction.engine.deliver.Sender;
import dev.junction.store.ClaimedDelivery;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a delivery to a NATS JetStream subject (nats://) and succeeds only on the stream's PubAck.
 * {@code Nats-Msg-Id} is the {@code webhook-id}, so a resend of the same message (after a crash, or a
 * retry after a lost PubAck) inside the stream's duplicate window is dropped by JetStream, and its
 * PubAck saying "duplicate" counts as delivered (ADR 0017). A subject that no stream captures is a
 * failed attempt (kind {@code no-stream}), retried: the stream may be created while it waits.
 *
 * <p>The headers are those of every delivery ({@link DeliveryHeaders}) plus {@code Content-Type}; the
 * destination's timeout bounds the wait for the PubAck.
 */
public final class NatsSender implements Sender {

    private static final Logger log = LoggerFactory.getLogger(NatsSender.class);

    private final Clock clock;
    /** One connection per URL, credentials included. */
    private final Map<URI, NatsBroker> brokers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public NatsSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        if (!(destination.target() instanceof Target.Nats target)) {
            return SendResult.failure(new IllegalArgumentException("destination '" + destination.name() + "' has no subject"));
        }
        Duration timeout = destination.timeout();
        CompletableFuture<PublishAck> pending = null;
        try {
            JetStream js = broker(destination).jetStream(timeout);
            Headers headers = new Headers();
            // Content-Type first: a destination's own header of that name replaces it, as over HTTP.
            headers.put("Content-Type", DeliveryHeaders.contentType(delivery));
            DeliveryHeaders.of(delivery, destination, clock.instant().getEpochSecond()).forEach((name, value) -> {
                if (name.equalsIgnoreCase("Content-Type")) headers.remove("Content-Type");
                headers.put(name, value);
            });
            NatsMessage message = NatsMessage.builder().subject(target.subject()).headers(headers)
                    .data(delivery.message().body()).build();
            pending = js.publishAsync(message, PublishOptions.builder().messageId(delivery.message().id()).build());
            PublishAck ack = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return SendResult.acknowledged((ack.isDuplicate() ? "duplicate (already in the stream, dropped by JetStream's duplicate window): " : "stored: ")
                    + "stream '" + ack.getStream() + "' sequence " + ack.getSeqno());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failure(e);
        } catch (TimeoutException e) {
            if (pending != null) pending.cancel(false);
            return SendResult.failure(new TimeoutException("no PubAck from JetStream within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            return SendResult.failure(failure(e.getCause(), target.subject(), destination.url()));
        } catch (Exception e) {
            return SendResult.failure(failure(e, target.subject(), destination.url()));
        }
    }

    private NatsBroker broker(DestinationSpec destination) {
        if (closed) throw new IllegalStateException("the NATS sender is closed");
        return brokers.computeIfAbsent(destination.url(), url -> new NatsBroker(url, destination.timeout()));
    }

    /** The client's errors as the attempt records them: a missing stream said plainly, no credentials anywhere. */
    static Throwable failure(Throwable e, String subject, URI url) {
        Throwable t = e;
        while (t instanceof RuntimeException && t.getCause() != null && !(t instanceof IllegalArgumentException)) t = t.getCause();
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof IOException && message.contains("503")) {
            // No stream listens on the subject: the server answers the publish with 503 No Responders.
            return new DeliveryRefused("no-stream", "no JetStream stream captures subject '" + subject + "'", false);
        }
        if (t instanceof JetStreamApiException api) {
            return new DeliveryRefused("nack", "JetStream refused the message: " + UrlCredentials.scrub(api.getMessage(), url), false);
        }
        String scrubbed = UrlCredentials.scrub(message, url);
        if (!scrubbed.equals(message)) return t instanceof IOException ? new IOException(scrubbed) : new IllegalStateException(scrubbed);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        for (NatsBroker broker : brokers.values()) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                log.warn("could not close a NATS connection: {}", e.getMessage());
            }
        }
        brokers.clear();
    }
}
