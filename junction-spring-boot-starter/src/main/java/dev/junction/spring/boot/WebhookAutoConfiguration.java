package dev.junction.spring.boot;

import dev.junction.client.webhook.WebhookInbox;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link WebhookVerifiers} from {@code junction.client.webhooks.*} and, with a DataSource, a {@link WebhookInbox}. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@EnableConfigurationProperties(JunctionClientProperties.class)
public class WebhookAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WebhookVerifiers junctionWebhookVerifiers(JunctionClientProperties properties) {
        return WebhookVerifiers.of(properties.getWebhooks());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DataSource.class)
    WebhookInbox junctionWebhookInbox(DataSource dataSource) {
        return WebhookInbox.create(dataSource);
    }
}
