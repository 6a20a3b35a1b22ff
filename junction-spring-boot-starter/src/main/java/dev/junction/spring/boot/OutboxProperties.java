package dev.junction.spring.boot;

import dev.junction.client.outbox.RelayConfig;
import java.net.URI;
import java.time.Duration;

/**
 * {@code junction.client.outbox.*}: the outbox and its relay, off unless {@code enabled}. The relay sends to Junction's
 * publish API when {@code junction-url} is set, else to {@code endpoint}; with neither (and no OutboxSender bean) only
 * the outbox is made.
 */
public class OutboxProperties {

    /** Whether the Outbox (and a relay) are made. */
    private boolean enabled;
    /** Whether the relay runs in this application. */
    private boolean relay = true;
    /** Junction's base URL; events go to its publish API with the destination as the application. */
    private URI junctionUrl;
    /** Junction's API key (give it as a placeholder from the environment). */
    private String apiKey;
    /** Any HTTP endpoint the events are POSTed to, when there is no Junction URL. */
    private URI endpoint;
    /** The timeout of one send. */
    private Duration sendTimeout = Duration.ofSeconds(10);
    /** The most events the relay claims and sends per round. */
    private int batchSize = RelayConfig.DEFAULT.batchSize();
    /** How long a claimed batch belongs to this relay; another relay takes it over after that. */
    private Duration lease = RelayConfig.DEFAULT.lease();
    /** How often the relay looks for committed events when the last look found none. */
    private Duration pollInterval = RelayConfig.DEFAULT.pollInterval();

    RelayConfig toRelayConfig() {
        // The relay renews its batch's lease each half lease: a send running longer may be made again by another relay.
        if (sendTimeout.multipliedBy(2).compareTo(lease) > 0) {
            throw new JunctionConfigurationException("junction.client.outbox.send-timeout", "junction.client.outbox.send-timeout ("
                    + Props.text(sendTimeout) + ") must be at most half of junction.client.outbox.lease (" + Props.text(lease)
                    + "): a send still running when the lease passes may be sent again by another relay",
                    "make send-timeout at most " + Props.text(lease.dividedBy(2)) + ", or the lease at least " + Props.text(sendTimeout.multipliedBy(2)) + ".");
        }
        return new RelayConfig(batchSize, lease, pollInterval, RelayConfig.DEFAULT.retry());
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isRelay() { return relay; }
    public void setRelay(boolean relay) { this.relay = relay; }
    public URI getJunctionUrl() { return junctionUrl; }
    public void setJunctionUrl(URI junctionUrl) { this.junctionUrl = junctionUrl; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public URI getEndpoint() { return endpoint; }
    public void setEndpoint(URI endpoint) { this.endpoint = endpoint; }
    public Duration getSendTimeout() { return sendTimeout; }
    public void setSendTimeout(Duration sendTimeout) { this.sendTimeout = Props.atLeast("junction.client.outbox.send-timeout", sendTimeout, Props.MIN_TIMEOUT); }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = Props.atLeast("junction.client.outbox.batch-size", batchSize, 1); }
    public Duration getLease() { return lease; }
    public void setLease(Duration lease) { this.lease = Props.atLeast("junction.client.outbox.lease", lease, Props.MIN_TIMEOUT); }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = Props.positive("junction.client.outbox.poll-interval", pollInterval); }

    @Override
    public String toString() {
        return "OutboxProperties[enabled=" + enabled + ", junctionUrl=" + junctionUrl + ", endpoint=" + endpoint + ", apiKey=(hidden)]";
    }
}
