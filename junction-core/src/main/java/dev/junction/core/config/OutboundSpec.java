package dev.junction.core.config;

import dev.junction.core.net.AddressPolicy;
import dev.junction.core.net.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code outbound:} section: rules for webhooks sent to endpoints that come from outside.
 *
 * @param allowNetworks        ranges let through the SSRF guard although they are refused by default
 * @param httpsOnly            endpoint URLs must be https
 * @param requireIdempotencyKey whether API callers must send an {@code Idempotency-Key}
 * @param idempotencyTtl       how long an idempotency key is remembered
 * @param operational          the configured destination that gets operational webhooks ({@code message.dead},
 *                             {@code endpoint.disabled}), or null for none
 * @param disableAfter         an endpoint that fails without a single success for this long is disabled; null: never
 */
public record OutboundSpec(List<Cidr> allowNetworks, boolean httpsOnly, boolean requireIdempotencyKey,
                           Duration idempotencyTtl, String operational, Duration disableAfter) {

    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);
    /** As the peers do (Svix: five days of failures): long enough for a customer to notice and fix a receiver. */
    public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);
    public static final OutboundSpec DEFAULT = new OutboundSpec(List.of(), false, false, DEFAULT_IDEMPOTENCY_TTL);

    public OutboundSpec {
        allowNetworks = List.copyOf(allowNetworks);
        Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
    }

    /** Settings without operational webhooks. */
    public OutboundSpec(List<Cidr> allowNetworks, boolean httpsOnly, boolean requireIdempotencyKey, Duration idempotencyTtl) {
        this(allowNetworks, httpsOnly, requireIdempotencyKey, idempotencyTtl, null, DEFAULT_DISABLE_AFTER);
    }

    /** The SSRF guard these settings describe, resolving names through the JVM. */
    public AddressPolicy addressPolicy() {
        return AddressPolicy.custom().allowNetworks(allowNetworks).httpsOnly(httpsOnly).build();
    }
}
