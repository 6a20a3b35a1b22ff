package dev.junction.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code junction.client.*} settings. Defaults are the library's own (read from its configs' constants, never
 * repeated here), so a property left out behaves as the plain-Java API does.
 */
// A property under junction.client that no field takes is a typo (max-atempts, endpiont): it stops the start, naming it,
// rather than leaving the default in force (or no relay) without a word.
@ConfigurationProperties(prefix = "junction.client", ignoreUnknownFields = false)
public class JunctionClientProperties {

    @NestedConfigurationProperty
    private IdempotencyProperties idempotency = new IdempotencyProperties();
    @NestedConfigurationProperty
    private HttpProperties http = new HttpProperties();
    /** Webhook verifiers by name, e.g. {@code junction.client.webhooks.stripe.scheme=stripe}. */
    private Map<String, WebhookProperties> webhooks = new LinkedHashMap<>();
    @NestedConfigurationProperty
    private OutboxProperties outbox = new OutboxProperties();
    @NestedConfigurationProperty
    private HousekeepingProperties housekeeping = new HousekeepingProperties();

    public IdempotencyProperties getIdempotency() { return idempotency; }
    public void setIdempotency(IdempotencyProperties idempotency) { this.idempotency = idempotency; }
    public HttpProperties getHttp() { return http; }
    public void setHttp(HttpProperties http) { this.http = http; }
    public Map<String, WebhookProperties> getWebhooks() { return webhooks; }
    public void setWebhooks(Map<String, WebhookProperties> webhooks) { this.webhooks = webhooks; }
    public OutboxProperties getOutbox() { return outbox; }
    public void setOutbox(OutboxProperties outbox) { this.outbox = outbox; }
    public HousekeepingProperties getHousekeeping() { return housekeeping; }
    public void setHousekeeping(HousekeepingProperties housekeeping) { this.housekeeping = housekeeping; }
}
