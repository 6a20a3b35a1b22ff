package dev.junction.spring.boot;

import dev.junction.client.housekeeping.Housekeeping;
import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.webhook.WebhookInbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * {@link Housekeeping} over whichever of the idempotency store, the webhook inbox and the outbox the context has (the
 * starter's or the application's own), started with the context and closed with it;
 * {@code junction.client.housekeeping.enabled=false} leaves cleaning up to something else.
 */
@AutoConfiguration(after = {IdempotencyAutoConfiguration.class, WebhookAutoConfiguration.class, OutboxAutoConfiguration.class})
@Conditional(HousekeepingAutoConfiguration.OnAnyTable.class)
@ConditionalOnSwitch(value = "junction.client.housekeeping.enabled", ifMissing = true)
@EnableConfigurationProperties(JunctionClientProperties.class)
public class HousekeepingAutoConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    Housekeeping junctionHousekeeping(ObjectProvider<IdempotencyStore> keys, ObjectProvider<WebhookInbox> inbox,
                                      ObjectProvider<Outbox> outbox, JunctionClientProperties properties) {
        Housekeeping.Builder housekeeping = Housekeeping.builder().config(properties.getHousekeeping().toConfig());
        keys.ifUnique(housekeeping::idempotencyKeys);
        inbox.ifUnique(housekeeping::webhookInbox);
        outbox.ifUnique(housekeeping::sentOutboxEvents);
        return housekeeping.build();
    }

    /** There is at least one of the tables housekeeping cleans. */
    static final class OnAnyTable extends AnyNestedCondition {

        OnAnyTable() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(IdempotencyStore.class)
        static final class Keys {}

        @ConditionalOnBean(WebhookInbox.class)
        static final class Inbox {}

        @ConditionalOnBean(Outbox.class)
        static final class Events {}
    }
}
