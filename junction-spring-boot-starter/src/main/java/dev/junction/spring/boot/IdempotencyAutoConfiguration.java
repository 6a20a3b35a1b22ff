package dev.junction.spring.boot;

import dev.junction.client.idempotency.ClientIdentity;
import dev.junction.client.idempotency.IdempotencyConfig;
import dev.junction.client.idempotency.IdempotencyFilter;
import dev.junction.client.idempotency.IdempotencyStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The {@code Idempotency-Key} filter on the application's DataSource (its tables created by the library's
 * migrations when the store is made). Each bean yields to one of the application's own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", // Boot 4
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"}) // Boot 3
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnSwitch(value = "junction.client.idempotency.enabled", ifMissing = true)
@EnableConfigurationProperties(JunctionClientProperties.class)
public class IdempotencyAutoConfiguration {

    /** The name of the filter's registration, for an application that registers its own instead. */
    public static final String FILTER_REGISTRATION = "junctionIdempotencyFilter";

    @Bean
    @ConditionalOnMissingBean
    IdempotencyStore junctionIdempotencyStore(DataSource dataSource) {
        return new IdempotencyStore(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotencyConfig junctionIdempotencyConfig(JunctionClientProperties properties, ObjectProvider<ClientIdentity> identity) {
        IdempotencyProperties p = properties.getIdempotency();
        IdempotencyConfig.Builder config = IdempotencyConfig.custom().required(p.isRequired()).ttl(p.getTtl()).lock(p.getLock());
        String header = p.getClientHeader();
        // A request without the header has no identity: scoped as anonymous, apart from a client that names itself so.
        ClientIdentity fromHeader = header == null ? null : request -> request.getHeader(header);
        ClientIdentity chosen = identity.getIfAvailable(() -> fromHeader);
        if (chosen != null) config.clientIdentity(chosen);
        return config.build();
    }

    @Bean(name = FILTER_REGISTRATION)
    @ConditionalOnMissingBean(name = FILTER_REGISTRATION)
    FilterRegistrationBean<IdempotencyFilter> junctionIdempotencyFilter(IdempotencyStore store, IdempotencyConfig config,
                                                                        JunctionClientProperties properties) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(new IdempotencyFilter(store, config));
        registration.setName(FILTER_REGISTRATION);
        registration.setUrlPatterns(properties.getIdempotency().getUrlPatterns());
        // ASYNC too: a Callable's or DeferredResult's answer is written on an async dispatch, and stored as it returns.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        // After security filters (which set the principal that scopes keys), before the application's own.
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }
}
