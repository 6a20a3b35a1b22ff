package dev.junction.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.housekeeping.Housekeeping;
import dev.junction.client.http.ResilientHttpClient;
import dev.junction.client.http.ResilientHttpConfig;
import dev.junction.client.idempotency.ClientIdentity;
import dev.junction.client.idempotency.IdempotencyConfig;
import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.jdbc.TestDatabases;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.webhook.WebhookInbox;
import com.sun.net.httpserver.HttpServer;
import dev.junction.client.outbox.OutboxMessage;
import dev.junction.client.outbox.OutboxSender;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** Which beans the auto-configuration makes from which properties, and that the application's own win. */
class JunctionClientAutoConfigurationTest {

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private WebApplicationContextRunner runner;

    @BeforeEach
    void open() {
        dataSource = TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir);
        runner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class, ResilientHttpAutoConfiguration.class,
                        WebhookAutoConfiguration.class, OutboxAutoConfiguration.class, OutboxRelayAutoConfiguration.class,
                        HousekeepingAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void defaultsGiveTheFilterTheClientAndTheInboxButNoOutbox() {
        runner.withPropertyValues("junction.client.idempotency.url-patterns=/api/*", "junction.client.http.deadline=3s",
                        "junction.client.http.max-attempts=5", "junction.client.http.budget.percent=0.1").run(context -> {
            assertThat(context).hasSingleBean(IdempotencyStore.class).hasSingleBean(ResilientHttpClient.class)
                    .hasSingleBean(WebhookInbox.class).doesNotHaveBean(Outbox.class).doesNotHaveBean(OutboxRelay.class);
            FilterRegistrationBean<?> filter = context.getBean(IdempotencyAutoConfiguration.FILTER_REGISTRATION, FilterRegistrationBean.class);
            assertThat(filter.getUrlPatterns()).containsExactly("/api/*");
            ResilientHttpConfig config = context.getBean(ResilientHttpConfig.class);
            assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.retry().maxAttempts()).isEqualTo(5);
            assertThat(config.retryBudget().percent()).isEqualTo(0.1);
        });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        ResilientHttpClient own = ResilientHttpClient.of(HttpClient.newHttpClient(), ResilientHttpConfig.ofDefaults());
        runner.withBean(ResilientHttpClient.class, () -> own).run(context ->
                assertThat(context.getBean(ResilientHttpClient.class)).isSameAs(own));
    }

    @Test
    void aClientIdentityBeanScopesTheKeys() {
        ClientIdentity tenant = request -> "tenant-1";
        runner.withBean(ClientIdentity.class, () -> tenant).withPropertyValues("junction.client.idempotency.client-header=X-Api-Client")
                .run(context -> assertThat(context.getBean(IdempotencyConfig.class).clientIdentity()).isSameAs(tenant));
    }

    @Test
    void theFilterCanBeTurnedOff() {
        runner.withPropertyValues("junction.client.idempotency.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(IdempotencyStore.class).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void webhookVerifiersByNameTakeTheirSecretsFromPlaceholders() {
        runner.withPropertyValues("STRIPE_WEBHOOK_SECRET=whsec_from_env", "junction.client.webhooks.stripe.scheme=stripe",
                "junction.client.webhooks.stripe.secrets=${STRIPE_WEBHOOK_SECRET}").run(context -> {
            WebhookVerifiers verifiers = context.getBean(WebhookVerifiers.class);
            assertThat(verifiers.names()).containsExactly("stripe");
            assertThat(verifiers.get("stripe").toString()).doesNotContain("whsec_from_env");
        });
    }

    @Test
    void aVerifierWithoutItsSecretStopsTheStartAndSaysWhich() {
        runner.withPropertyValues("junction.client.webhooks.github.scheme=github").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("junction.client.webhooks.github"));
    }

    @Test
    void aSecretFromAnUnsetEnvironmentVariableStopsTheStart() {
        // Spring Boot leaves ${STRIPE_WEBHOOK_SECRET} as it is when nothing sets it: that literal text must not become the secret.
        runner.withPropertyValues("junction.client.webhooks.stripe.scheme=stripe", "junction.client.webhooks.stripe.secrets=${PROBE_UNSET_SECRET}")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("junction.client.webhooks.stripe").hasMessageContaining("${PROBE_UNSET_SECRET}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "junction.client.http.max-attempts=0       | junction.client.http.max-attempts must be at least 1, was 0",
            "junction.client.http.deadline=-5s         | junction.client.http.deadline must be a positive duration (e.g. 10s), was -5s",
            "junction.client.http.budget.percent=20    | junction.client.http.budget.percent must be a share between 0 and 1 (0.2 is 20%), was 20.0",
            "junction.client.housekeeping.batch-size=0 | junction.client.housekeeping.batch-size must be at least 1, was 0"})
    void aWrongNumberOrDurationStopsTheStartNamingItsProperty(String property, String error) {
        runner.withPropertyValues(property).run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessage(error));
    }

    @Test
    void aSendTimeoutLongerThanHalfTheLeaseStopsTheStart() {
        // The relay renews its batch's lease each half lease: a longer send could be made twice by two relays.
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.endpoint=http://127.0.0.1:9/events",
                "junction.client.outbox.send-timeout=40s", "junction.client.outbox.lease=60s").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "junction.client.outbox.send-timeout (40s) must be at most half of junction.client.outbox.lease (1m)"));
    }

    @Test
    void aJunctionUrlWithoutAnApiKeyStopsTheStart() {
        // Without it every event went out with 'Authorization: Bearer null', was refused and went dead.
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.junction-url=http://127.0.0.1:9")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("api-key"));
    }

    @Test
    void anApiKeyFromAnUnsetEnvironmentVariableStopsTheStart() {
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.junction-url=http://127.0.0.1:9",
                        "junction.client.outbox.api-key=${PROBE_UNSET_KEY}")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("${PROBE_UNSET_KEY}"));
    }

    @Test
    void theOutboxAndItsRelayWhenEnabled() {
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.endpoint=http://127.0.0.1:9/events").run(context ->
                assertThat(context).hasSingleBean(Outbox.class).hasSingleBean(OutboxRelay.class));
    }

    @Test
    void aBlankEndpointStopsTheStartNamingIt() {
        // Before: EVENTS_URL= left blank started, and every event failed as a retried NullPointerException, unlogged.
        // Blank is left unbound by the binder (Boot's own report names the property).
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.endpoint=")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("junction.client.outbox.endpoint"));
    }

    @Test
    void anEndpointThatIsNotHttpStopsTheStartNamingIt() {
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.endpoint=ftp://files.example.com/in")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("the outbox endpoint").isInstanceOf(JunctionConfigurationException.class));
    }

    @Test
    void withMicrometerTheRelayIsMeasured() {
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.endpoint=http://127.0.0.1:9/events")
                .withBean(io.micrometer.core.instrument.MeterRegistry.class, io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .run(context -> assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class).getMeters())
                        .anySatisfy(m -> assertThat(m.getId().getName()).startsWith("junction.outbox")));
    }

    @Test
    void switchesReadYesAndOffAsThePropertiesDo() {
        runner.withPropertyValues("junction.client.outbox.enabled=yes", "junction.client.outbox.relay=off",
                "junction.client.idempotency.enabled=no", "junction.client.outbox.endpoint=http://127.0.0.1:9/events").run(context ->
                assertThat(context).hasSingleBean(Outbox.class).doesNotHaveBean(OutboxRelay.class)
                        .doesNotHaveBean(IdempotencyStore.class).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void theClientsTheStarterMadeAreClosedWithTheContext() {
        List<HttpClient> made = new CopyOnWriteArrayList<>();
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.endpoint=http://127.0.0.1:9/events")
                .run(context -> {
                    made.addAll(context.getBean(StarterHttpClients.class).clients());
                    assertThat(made).as("the resilient client's and the outbox sender's").hasSize(2).noneMatch(HttpClient::isTerminated);
                });
        assertThat(made).allMatch(HttpClient::isTerminated);
    }

    @Test
    void aSwitchThatIsNoBooleanStopsTheStartNamingIt() {
        runner.withPropertyValues("junction.client.http.enabled=ture").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessage("junction.client.http.enabled is 'ture', not a switch: use true or false (yes/no and on/off are read the same)"));
    }

    @Test
    void aJunctionUrlWinsOverAnEndpoint() throws Exception {
        // The docs and OutboxProperties: to Junction when junction-url is set, else to endpoint.
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try {
            runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.outbox.relay=false",
                    "junction.client.outbox.junction-url=" + base + "/junction", "junction.client.outbox.api-key=k",
                    "junction.client.outbox.endpoint=" + base + "/endpoint").run(context -> {
                context.getBean(OutboxSender.class).send(new OutboxMessage("01a2376a-f4e0-7adc-a2ee-0b08e2b90584", "billing", "invoice.paid",
                        "{}".getBytes(StandardCharsets.UTF_8), 0));
                assertThat(paths).containsExactly("/junction/api/v1/apps/billing/messages");
            });
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void housekeepingCoversTheOutboxWhenThereIsOneWithItsProperties() {
        runner.withPropertyValues("junction.client.outbox.enabled=true", "junction.client.housekeeping.interval=15m",
                "junction.client.housekeeping.outbox-sent-retention=2d", "junction.client.housekeeping.batch-size=100").run(context -> {
            Housekeeping housekeeping = context.getBean(Housekeeping.class);
            assertThat(housekeeping.tables()).containsExactly("junction_idempotency_keys", "junction_webhook_inbox", "junction_outbox");
            assertThat(housekeeping.config().interval()).isEqualTo(Duration.ofMinutes(15));
            assertThat(housekeeping.config().outboxSentRetention()).isEqualTo(Duration.ofDays(2));
            assertThat(housekeeping.config().batchSize()).isEqualTo(100);
        });
    }

    @Test
    void housekeepingRunsByDefaultOverTheKeysAndTheInbox() {
        runner.run(context -> {
            Housekeeping housekeeping = context.getBean(Housekeeping.class);
            assertThat(housekeeping.tables()).as("no outbox by default").containsExactly("junction_idempotency_keys", "junction_webhook_inbox");
            assertThat(housekeeping.config().interval()).isEqualTo(Duration.ofHours(1));
            assertThat(housekeeping.config().outboxSentRetention()).isEqualTo(Duration.ofDays(7));
        });
    }

    @Test
    void housekeepingCanBeTurnedOff() {
        runner.withPropertyValues("junction.client.housekeeping.enabled=false").run(context ->
                assertThat(context).hasSingleBean(WebhookInbox.class).doesNotHaveBean(Housekeeping.class));
    }
}
