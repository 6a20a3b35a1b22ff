package dev.junction.engine.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.append.Appended;
import dev.junction.engine.append.Appender;
import dev.junction.engine.append.Arrival;
import dev.junction.engine.deliver.OperationalEvents;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.PlannedDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operational webhooks: {@code message.dead} when a delivery to an endpoint gives up, {@code endpoint.disabled}
 * when an endpoint is paused for failing. Each is a message of its own, appended to the log like any other
 * and delivered to the configured operational destination, signed with its secret and retried: an operator
 * who was down when it happened still hears of it.
 */
public final class OperationalWebhooks implements OperationalEvents {

    /** The source of operational messages: deduped per event, so one dead delivery is told once. */
    public static final String SOURCE = "junction:operational";
    private static final Logger log = LoggerFactory.getLogger(OperationalWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Appender appender;
    private final String destination;
    private final Clock clock;

    public OperationalWebhooks(Appender appender, String destination, Clock clock) {
        this.appender = appender;
        this.destination = destination;
        this.clock = clock;
    }

    @Override
    public void deliveryDead(ClaimedDelivery delivery, String reason) {
        ObjectNode data = JSON.createObjectNode().put("endpointId", delivery.destination()).put("messageId", delivery.message().id())
                .put("deliveryId", delivery.id()).put("eventType", delivery.message().eventType()).put("reason", reason);
        String source = delivery.message().source();
        if (source.startsWith(Arrival.APP_PREFIX)) data.put("appUid", source.substring(Arrival.APP_PREFIX.length()));
        emit("message.dead", "message.dead:" + delivery.id() + ":" + delivery.attemptsMade(), data);
    }

    @Override
    public void endpointDisabled(String endpoint, String appUid, String why) {
        ObjectNode data = JSON.createObjectNode().put("endpointId", endpoint).put("reason", why);
        if (appUid != null) data.put("appUid", appUid);
        emit("endpoint.disabled", "endpoint.disabled:" + endpoint + ":" + clock.millis(), data);
    }

    private void emit(String type, String dedupeKey, ObjectNode data) {
        ObjectNode body = JSON.createObjectNode().put("type", type).put("timestamp", clock.instant().toString());
        body.set("data", data);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Appended appended = appender.append(new Arrival(SOURCE, dedupeKey, type, "application/json", Map.of(),
                    new WebhookRequest(Map.of(), bytes), null), List.of(PlannedDelivery.unordered(destination)));
            if (appended instanceof Appended.Overloaded) log.warn("operational webhook {} not stored: the gateway is overloaded", type);
        } catch (RuntimeException e) {
            log.warn("operational webhook {} not stored: {}", type, e.getMessage());
        }
    }
}
