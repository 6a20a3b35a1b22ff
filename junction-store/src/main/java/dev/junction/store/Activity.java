package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened since an instant, read from the store (so every node's work counts).
 *
 * @param received messages stored per source
 * @param unrouted of those, the messages without deliveries per source: no route took them
 * @param flows    per source and destination: attempts by outcome class, and deliveries that died
 */
public record Activity(Instant since, Map<String, Long> received, Map<String, Long> unrouted, List<Flow> flows) {

    public Activity {
        received = Map.copyOf(received);
        unrouted = Map.copyOf(unrouted);
        flows = List.copyOf(flows);
    }

    /**
     * @param deadLetters deliveries that died in the window and are still dead
     */
    public record Flow(String source, String destination, long succeeded, long retryable, long permanent, long deadLetters) {
        public long attempts() { return succeeded + retryable + permanent; }
    }
}
