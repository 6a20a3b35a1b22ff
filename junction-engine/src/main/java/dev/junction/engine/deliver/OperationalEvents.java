package dev.junction.engine.deliver;

import dev.junction.store.ClaimedDelivery;

/**
 * What the delivery side tells the owner of outbound endpoints (operational webhooks): a delivery to an
 * endpoint died, or an endpoint was disabled. Called after the fact is recorded; never throws.
 */
public interface OperationalEvents {

    void deliveryDead(ClaimedDelivery delivery, String reason);

    /** @param appUid the endpoint's application, when the caller knows it (the delivery side does not: null) */
    void endpointDisabled(String endpoint, String appUid, String why);

    /** No one to tell. */
    OperationalEvents NONE = new OperationalEvents() {
        @Override
        public void deliveryDead(ClaimedDelivery delivery, String reason) {}

        @Override
        public void endpointDisabled(String endpoint, String appUid, String why) {}
    };
}
