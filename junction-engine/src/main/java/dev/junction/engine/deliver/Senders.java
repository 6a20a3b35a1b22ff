package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.DestinationSpec.Kind;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.deliver.amqp.AmqpSender;
import dev.junction.engine.deliver.nats.NatsSender;
import dev.junction.store.ClaimedDelivery;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender of each kind of destination in use, chosen by the destination's URL scheme. A kind no
 * destination uses is never started: no broker connection, no HTTP client.
 */
public final class Senders implements Sender {

    private static final Logger log = LoggerFactory.getLogger(Senders.class);

    private final Map<Kind, Sender> byKind;
    /** Outbound endpoints' sender (their URLs are untrusted: it refuses private addresses), made at first use. */
    private final Supplier<Sender> endpointSender;
    private volatile Sender endpoints;

    Senders(Map<Kind, Sender> byKind) {
        this(byKind, null);
    }

    private Senders(Map<Kind, Sender> byKind, Supplier<Sender> endpointSender) {
        this.byKind = byKind.isEmpty() ? new EnumMap<>(Kind.class) : new EnumMap<>(byKind);
        this.endpointSender = endpointSender;
    }

    /** These senders, and {@code endpointSender}'s sender for outbound endpoints (created at their first delivery). */
    public Senders withEndpoints(Supplier<Sender> endpointSender) {
        return new Senders(byKind, endpointSender);
    }

    private Sender endpoints() {
        Sender s = endpoints;
        if (s == null) {
            synchronized (this) {
                if (endpoints == null) endpoints = endpointSender.get();
                s = endpoints;
            }
        }
        return s;
    }

    /** A sender for every kind that {@code destinations} use. */
    public static Senders forDestinations(Collection<DestinationSpec> destinations, Clock clock) {
        return forDestinations(destinations, kind -> create(kind, clock));
    }

    static Senders forDestinations(Collection<DestinationSpec> destinations, Function<Kind, Sender> factory) {
        Map<Kind, Sender> byKind = new EnumMap<>(Kind.class);
        for (DestinationSpec d : destinations) {
            Kind kind = d.kind();
            if (kind != null && !byKind.containsKey(kind)) byKind.put(kind, factory.apply(kind));
        }
        return new Senders(byKind);
    }

    private static Sender create(Kind kind, Clock clock) {
        return switch (kind) {
            case HTTP -> new HttpSender(clock);
            case AMQP -> new AmqpSender(clock);
            case NATS -> new NatsSender(clock);
        };
    }

    @Override
    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        if (endpointSender != null && destination.name().startsWith(Dispatcher.ENDPOINT_PREFIX)) return endpoints().send(delivery, destination);
        Kind kind = destination.kind();
        Sender sender = kind == null ? null : byKind.get(kind);
        if (sender == null) {
            return SendResult.failure(new DeliveryRefused("kind", "no sender for a destination with scheme '"
                    + destination.url().getScheme() + "'", true));
        }
        return sender.send(delivery, destination);
    }

    @Override
    public SendResult sendBatch(Batch batch, DestinationSpec destination) {
        Sender sender = destination.kind() == null ? null : byKind.get(destination.kind());
        return sender == null ? Sender.super.sendBatch(batch, destination) : sender.sendBatch(batch, destination);
    }

    @Override
    public void close() {
        if (endpoints != null) endpoints.close();
        for (Map.Entry<Kind, Sender> e : byKind.entrySet()) {
            try {
                e.getValue().close();
            } catch (RuntimeException failure) {
                log.warn("could not close the {} sender: {}", e.getKey(), failure.getMessage());
            }
        }
    }
}
