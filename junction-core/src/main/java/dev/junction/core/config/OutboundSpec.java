package dev.junction.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code outbound:} section: how clients publish through the admin API.
 *
 * @param allowNetworks         networks a destination may point into despite SSRF protection (CIDR); none by default
 * @param httpsOnly             destinations must use https
 * @param requireIdempotencyKey an admin POST without an {@code Idempotency-Key} header is refused with 400
 * @param idempotencyTtl        how long a key and its stored response are kept (24 h by default, as Stripe)
 */
public record OutboundSpec(List<String> allowNetworks, boolean httpsOnly, boolean requireIdempotencyKey, Duration idempotencyTtl) {

    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);
    public static final OutboundSpec DEFAULT = new OutboundSpec(List.of(), false, false, DEFAULT_IDEMPOTENCY_TTL);

    public OutboundSpec {
        allowNetworks = allowNetworks == null ? List.of() : List.copyOf(allowNetworks);
        idempotencyTtl = idempotencyTtl == null ? DEFAULT_IDEMPOTENCY_TTL : idempotencyTtl;
        if (idempotencyTtl.isNegative() || idempotencyTtl.isZero()) {
            throw new IllegalArgumentException("idempotency-ttl must be positive, but was " + idempotencyTtl);
        }
    }
}
