package dev.junction.store;

import java.util.List;

/**
 * The result of storing a message: its id, whether an earlier message already had its dedupe key, and
 * the deliveries written already leased to the ingesting node (see {@link PlannedDelivery#lease()}), which
 * that node must now send (or release) like any claimed delivery.
 */
public record IngestOutcome(String messageId, boolean duplicate, List<ClaimedDelivery> leased) {

    public IngestOutcome(String messageId, boolean duplicate) {
        this(messageId, duplicate, List.of());
    }
}
