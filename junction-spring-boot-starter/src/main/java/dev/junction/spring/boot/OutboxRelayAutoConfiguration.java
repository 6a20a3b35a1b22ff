package dev.junction.spring.boot;

import dev.junction.client.outbox.MicrometerOutboxMetrics;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxMetrics;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.outbox.OutboxSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.SplittableRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbox relay, started with the context and closed with it, when there is an outbox and a sender (the
 * application's own or one from {@code junction.client.outbox.*}); {@code junction.client.outbox.relay=false} leaves
 * relaying to other instances.
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnBean({Outbox.class, OutboxSender.class})
@ConditionalOnSwitch(value = "junction.client.outbox.relay", ifMissing = true)
@EnableConfigurationProperties(JunctionClientProperties.class)
public class OutboxRelayAutoConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    OutboxRelay junctionOutboxRelay(Outbox outbox, OutboxSender sender, JunctionClientProperties properties,
                                    ObjectProvider<OutboxMetrics> metrics) {
        return new OutboxRelay(outbox, sender, properties.getOutbox().toRelayConfig(), new SplittableRandom(),
                metrics.getIfAvailable(() -> OutboxMetrics.NONE));
    }

    /** With Micrometer in the context (Actuator), the relay's attempts and the outbox's pending and dead events are measured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Measured {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(MeterRegistry.class)
        OutboxMetrics junctionOutboxMetrics(MeterRegistry registry, Outbox outbox) {
            return new MicrometerOutboxMetrics(registry, outbox);
        }
    }
}
