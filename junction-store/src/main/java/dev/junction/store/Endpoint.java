package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where an application's messages go. {@code filterTypes} and {@code channels} are null for "all";
 * {@code rateLimit} is 0 for none. During a secret rotation {@code previousSecret} still signs until
 * {@code previousExpiresAt}.
 */
public record Endpoint(String id, String appId, String url, String description, List<String> filterTypes, List<String> channels,
                       Map<String, String> headers, int rateLimit, boolean disabled, String secret, String previousSecret,
                       Instant previousExpiresAt, Instant createdAt, Instant updatedAt) {

    public Endpoint {
        filterTypes = filterTypes == null ? null : List.copyOf(filterTypes);
        channels = channels == null ? null : List.copyOf(channels);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** This endpoint, disabled or enabled as of {@code now}. */
    public Endpoint withDisabled(boolean disabled, Instant now) {
        return new Endpoint(id, appId, url, description, filterTypes, channels, headers, rateLimit, disabled, secret, previousSecret,
                previousExpiresAt, createdAt, now);
    }

    /** Whether a rotation's grace runs at {@code now}: the previous secret still signs beside the current one. */
    public boolean rotating(Instant now) {
        return previousSecret != null && previousExpiresAt != null && now.isBefore(previousExpiresAt);
    }

    /** The secrets that sign a delivery now: the current one, and the previous one while its grace lasts. */
    public List<String> signingSecrets(Instant now) {
        return rotating(now) ? List.of(secret, previousSecret) : List.of(secret);
    }
}
