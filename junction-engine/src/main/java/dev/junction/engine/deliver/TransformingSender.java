package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.enrich.EnrichFailure;
import dev.junction.engine.enrich.Enricher;
import dev.junction.engine.transform.Transform;
import dev.junction.engine.transform.TransformBody;
import dev.junction.engine.transform.TransformFailure;
import dev.junction.engine.transform.Transforms;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import java.util.List;

/**
 * Reshapes a delivery's body just before {@code next} sends it: its route's enrichment, then its transforms. The stored message is
 * never changed: the transformed body exists only for this attempt, so a replay after a config fix sends the
 * fixed mapping. A transform that fails on the event is a permanent failure of kind {@value #KIND}: the
 * same expression on the same event would fail again. A failed enrichment fetch, of kind {@value #ENRICH_KIND},
 * is retried when its outcome would be for a delivery (a timeout, a 503), and permanent otherwise (a 404).
 */
public final class TransformingSender implements Sender {

    public static final String KIND = "transform";
    public static final String ENRICH_KIND = "enrich";
    static final String JSON = "application/json";

    private final Sender next;
    private final Transforms transforms;

    public TransformingSender(Sender next, Transforms transforms) {
        this.next = next;
        this.transforms = transforms;
    }

    @Override
    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        Prepared prepared = prepare(delivery);
        return prepared.refused() != null ? prepared.refused() : next.send(prepared.delivery(), destination);
    }

    @Override
    public Prepared prepare(ClaimedDelivery delivery) {
        List<Transform> steps = transforms.steps(delivery.message().source(), delivery.destination());
        Enricher enricher = transforms.enricher(delivery.message().source(), delivery.destination());
        if (steps.isEmpty() && enricher == null) return next.prepare(delivery);
        try {
            return next.prepare(withBody(delivery, TransformBody.apply(delivery.message().body(), enricher, steps)));
        } catch (TransformFailure e) {
            return new Prepared(delivery, SendResult.failure(new DeliveryRefused(KIND, e.getMessage(), true)));
        } catch (EnrichFailure e) {
            return new Prepared(delivery, SendResult.failure(new DeliveryRefused(ENRICH_KIND, e.getMessage(), e.permanent())));
        }
    }

    @Override
    public SendResult sendBatch(Batch batch, DestinationSpec destination) {
        return next.sendBatch(batch, destination);
    }

    private static ClaimedDelivery withBody(ClaimedDelivery d, byte[] body) {
        StoredMessage m = d.message();
        StoredMessage reshaped = new StoredMessage(m.id(), m.source(), m.dedupeKey(), m.receivedAt(), JSON, m.headers(), body,
                m.traceId(), m.eventType());
        return new ClaimedDelivery(d.id(), d.destination(), d.attemptsMade(), d.createdAt(), d.leaseUntil(), reshaped, d.orderingKey());
    }

    @Override
    public void close() {
        transforms.close();
        next.close();
    }
}
