package dev.junction.spring.boot;

import dev.junction.client.idempotency.IdempotencyConfig;
import java.time.Duration;
import java.util.List;

/** {@code junction.client.idempotency.*}: the {@code Idempotency-Key} filter on the application's own API. */
public class IdempotencyProperties {

    /** Whether the filter is registered (when there is a DataSource and a servlet container). */
    private boolean enabled = true;
    /** Whether a POST or PATCH without a key is refused with 400. */
    private boolean required;
    /** How long a key and its response are kept. */
    private Duration ttl = IdempotencyConfig.DEFAULT_TTL;
    /** How long a request in flight holds its key. */
    private Duration lock = IdempotencyConfig.DEFAULT_LOCK;
    /** The URL patterns the filter is mapped to. */
    private List<String> urlPatterns = List.of("/*");
    /** A request header naming the client, scoping keys; unset: the authenticated principal. */
    private String clientHeader;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }
    public Duration getTtl() { return ttl; }
    public void setTtl(Duration ttl) { this.ttl = Props.positive("junction.client.idempotency.ttl", ttl); }
    public Duration getLock() { return lock; }
    public void setLock(Duration lock) { this.lock = Props.positive("junction.client.idempotency.lock", lock); }
    public List<String> getUrlPatterns() { return urlPatterns; }
    public void setUrlPatterns(List<String> urlPatterns) { this.urlPatterns = urlPatterns; }
    public String getClientHeader() { return clientHeader; }
    public void setClientHeader(String clientHeader) { this.clientHeader = clientHeader; }
}
