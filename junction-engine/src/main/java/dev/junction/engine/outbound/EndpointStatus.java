package dev.junction.engine.outbound;

import dev.junction.engine.deliver.Dispatcher;
import dev.junction.engine.deliver.OperationalEvents;
import dev.junction.store.App;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Endpoint;
import dev.junction.store.OutboundApps;
import dev.junction.store.Pause;
import dev.junction.store.Pauses;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an endpoint gets anything. A disabled endpoint is left out of the fan-out of new messages, and
 * its deliveries already waiting wait on (its destination is paused on every node) until it is enabled
 * again, when they go out: disabling loses nothing. Junction disables an endpoint itself when the
 * receiver answers {@code 410 Gone} or has failed without a success for {@code outbound.disable-after}; the
 * endpoint then reads {@code "disabled": true} through the API and the operator hears of it
 * ({@code endpoint.disabled}).
 */
public final class EndpointStatus implements OperationalEvents {

    private final OutboundApps apps;
    private final Pauses pauses;
    private final EndpointDirectory directory;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private volatile OperationalEvents tell = OperationalEvents.NONE;

    public EndpointStatus(OutboundApps apps, Pauses pauses, EndpointDirectory directory, Dispatcher dispatcher, Clock clock) {
        this.apps = apps;
        this.pauses = pauses;
        this.directory = directory;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Who else hears of dead deliveries and disabled endpoints (operational webhooks). */
    public void tell(OperationalEvents events) {
        this.tell = events;
    }

    /** After an edit through the API: pauses or resumes the endpoint's waiting deliveries when it was disabled or enabled. */
    public void edited(Endpoint before, Endpoint after) {
        directory.forget(after.id());
        if (before.disabled() == after.disabled()) return;
        if (after.disabled()) {
            pauses.pause(Pause.Kind.DESTINATION, after.id(), "endpoint disabled", clock.instant());
        } else if (pauses.resume(Pause.Kind.DESTINATION, after.id())) {
            dispatcher.wakeUp();
        }
    }

    @Override
    public void deliveryDead(ClaimedDelivery delivery, String reason) {
        tell.deliveryDead(delivery, reason);
    }

    /** The dispatcher has paused the endpoint for failing: it is marked disabled, so new messages skip it too. */
    @Override
    public void endpointDisabled(String endpoint, String appUid, String why) {
        Instant now = clock.instant();
        Optional<Endpoint> found = apps.endpoint(endpoint);
        found.filter(e -> !e.disabled()).ifPresent(e -> apps.updateEndpoint(e.withDisabled(true, now), now));
        directory.forget(endpoint);
        // The operator's webhook names the customer, as message.dead does.
        String uid = appUid != null ? appUid : found.flatMap(e -> apps.app(e.appId())).map(App::uid).orElse(null);
        tell.endpointDisabled(endpoint, uid, why);
    }
}
