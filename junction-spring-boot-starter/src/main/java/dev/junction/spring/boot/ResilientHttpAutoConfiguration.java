package dev.junction.spring.boot;

import dev.junction.client.http.ClientMetrics;
import dev.junction.client.http.ResilientHttpClient;
import dev.junction.client.http.ResilientHttpConfig;
import dev.junction.core.retry.RetryPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A {@link ResilientHttpClient} from {@code junction.client.http.*}, unless the application made its own. */
@AutoConfiguration
@ConditionalOnSwitch(value = "junction.client.http.enabled", ifMissing = true)
@EnableConfigurationProperties(JunctionClientProperties.class)
@Import(StarterHttpClients.Registration.class)
public class ResilientHttpAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ResilientHttpConfig junctionResilientHttpConfig(JunctionClientProperties properties, ObjectProvider<ClientMetrics> metrics) {
        HttpProperties p = properties.getHttp();
        RetryPolicy defaults = ResilientHttpConfig.DEFAULT_RETRY;
        ResilientHttpConfig.Builder config = ResilientHttpConfig.custom()
                .callTimeout(p.getDeadline())
                .attemptTimeout(p.getAttemptTimeout())
                .retry(new RetryPolicy(p.getMaxAttempts(), defaults.initialDelay(), defaults.maxDelay(), defaults.multiplier()))
                .retryBudget(p.getBudget().toConfig())
                .idempotencyKeys(p.isIdempotencyKeys())
                .deadlineHeader(p.getDeadlineHeader());
        metrics.ifAvailable(config::metrics);
        return config.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ResilientHttpClient junctionResilientHttpClient(ResilientHttpConfig config, StarterHttpClients clients) {
        return ResilientHttpClient.of(clients.newClient(), config);
    }
}
