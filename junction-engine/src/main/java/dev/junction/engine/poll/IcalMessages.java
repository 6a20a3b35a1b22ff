package dev.junction.engine.poll;

import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.append.Arrival;
import dev.junction.engine.ical.IcalEvent;
import dev.junction.engine.ical.IcalJson;
import java.util.Map;

/** An iCal event as the message it becomes: from the source, typed {@code booking.*} or {@code feed.*}, the documented payload as its body. */
final class IcalMessages {

    private IcalMessages() {}

    /**
     * @param generation the generation the poll commits and {@code index} the event's place in it: the dedupe key, so a
     *                   commit repeated after all stores nothing twice
     * @param pollId     the poll's id, as the message's trace id
     */
    static Arrival arrival(String source, IcalEvent event, long generation, int index, String pollId) {
        String dedupeKey = "ical/" + event.type() + "/" + event.unit() + "/g" + generation + "/" + index;
        return new Arrival(source, dedupeKey, event.type(), "application/json", Map.of(),
                WebhookRequest.of(Map.of("Content-Type", "application/json"), IcalJson.payload(event)), pollId);
    }
}
