package dev.junction.spring.boot;

import dev.junction.client.outbox.HttpOutboxSender;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxSender;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Import;

/**
 * The outbox on the application's DataSource and a sender to Junction ({@code junction-url}) or to an endpoint
 * ({@code endpoint}); {@link OutboxRelayAutoConfiguration} runs the relay. Off unless
 * {@code junction.client.outbox.enabled} is on.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnSwitch(value = "junction.client.outbox.enabled", ifMissing = false)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(JunctionClientProperties.class)
@Import(StarterHttpClients.Registration.class)
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Outbox junctionOutbox(DataSource dataSource) {
        return Outbox.create(dataSource);
    }

    /**
     * A sender to Junction's publish API when {@code junction-url} is set, else to {@code endpoint}. One bean method
     * decides, so the precedence is this code's, not the order in which Spring reads nested configurations (with two,
     * {@code endpoint} won).
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnTarget.class)
    OutboxSender junctionOutboxSender(JunctionClientProperties properties, StarterHttpClients clients) {
        OutboxProperties p = properties.getOutbox();
        if (p.getJunctionUrl() != null) {
            String key = p.getApiKey();
            if (key == null || key.isBlank()) {
                throw new JunctionConfigurationException("junction.client.outbox.api-key", "junction.client.outbox.junction-url is set but"
                        + " api-key is not: Junction's publish API needs an API key", "set it from the environment, e.g. api-key: ${JUNCTION_API_KEY}.");
            }
            if (key.contains("${")) {
                throw new JunctionConfigurationException("junction.client.outbox.api-key", "junction.client.outbox.api-key is an unresolved"
                        + " placeholder " + WebhookVerifiers.placeholder(key), "set " + WebhookVerifiers.placeholder(key) + " in the environment.");
            }
            return HttpOutboxSender.junction(clients.newClient(), p.getJunctionUrl(), p.getApiKey(), p.getSendTimeout());
        }
        try {
            return HttpOutboxSender.to(clients.newClient(), p.getEndpoint(), p.getSendTimeout());
        } catch (IllegalArgumentException e) {
            // Blank (EVENTS_URL= unset) or not http(s): refused at the start, not as every event's retried failure.
            throw new JunctionConfigurationException("junction.client.outbox.endpoint", e.getMessage(),
                    "set junction.client.outbox.endpoint to the receiver's http:// or https:// URL, e.g. endpoint: ${EVENTS_URL}.");
        }
    }

    /** {@code junction-url} or {@code endpoint} is set. */
    static final class OnTarget extends AnyNestedCondition {

        OnTarget() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "junction.client.outbox", name = "junction-url")
        static final class JunctionUrl {}

        @ConditionalOnProperty(prefix = "junction.client.outbox", name = "endpoint")
        static final class Endpoint {}
    }
}
