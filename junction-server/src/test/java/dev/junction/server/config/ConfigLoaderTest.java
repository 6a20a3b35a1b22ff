package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.EventTypeSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.retry.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static Path resource(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadsTheSampleFileIntoRecords() {
        JunctionConfig config = ConfigLoader.load(resource("junction.yaml"), Map.of("STRIPE_WEBHOOK_SECRET", "whsec_abc"));

        assertThat(config.server()).isEqualTo(new JunctionConfig.Server("0.0.0.0", 8080));
        assertThat(config.store()).isEqualTo(new JunctionConfig.Store("sqlite:./junction-data/junction.db", null, null));
        assertThat(config.sources()).containsExactly(Map.entry("stripe", new SourceSpec("stripe",
                new VerifySpec("stripe", List.of("whsec_abc"), Duration.ofMinutes(5), null),
                DedupeSpec.DEFAULT, 1024 * 1024)));
        assertThat(config.destinations()).containsExactly(Map.entry("billing", new DestinationSpec("billing",
                URI.create("http://127.0.0.1:9000/hooks"), Duration.ofSeconds(5),
                new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofHours(1), 2.0), null, Map.of())));
        assertThat(config.routes()).containsExactly(new RouteSpec("stripe", List.of("billing")));
        assertThat(config.delivery()).isEqualTo(new JunctionConfig.Delivery(64, Duration.ofSeconds(1), null));
        assertThat(config.retention()).isEqualTo(JunctionConfig.Retention.DEFAULT);
        assertThat(config.retention().succeeded()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void brokerDestinationsAreReadWithTheirTargetsAndTheSameGuardsAsHttp() {
        JunctionConfig config = ConfigLoader.parse("""
                store: { url: "sqlite:./junction-data/junction.db" }
                sources:
                  stripe: { verify: { scheme: stripe, secrets: [whsec_abc] } }
                destinations:
                  ledger: { url: "amqp://guest:guest@127.0.0.1:5672/%2F", exchange: "", routing-key: ledger }
                  orders: { url: "amqps://rabbit.example.com/prod", exchange: events, routing-key: "orders.created", timeout: 2s, max-concurrent: 4 }
                  audit:  { url: "nats://127.0.0.1:4222", subject: "audit.payments", headers: { X-Tenant: acme } }
                routes:
                  - from: stripe
                    to: [ledger, orders, audit]
                """, "junction.yaml", Map.of());

        DestinationSpec ledger = config.destinations().get("ledger");
        assertThat(ledger.kind()).isEqualTo(DestinationSpec.Kind.AMQP);
        assertThat(ledger.target()).isEqualTo(new DestinationSpec.Target.Amqp("", "ledger"));
        DestinationSpec orders = config.destinations().get("orders");
        assertThat(orders.target()).isEqualTo(new DestinationSpec.Target.Amqp("events", "orders.created"));
        assertThat(orders.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(orders.guard().maxConcurrent()).isEqualTo(4);
        DestinationSpec audit = config.destinations().get("audit");
        assertThat(audit.kind()).isEqualTo(DestinationSpec.Kind.NATS);
        assertThat(audit.target()).isEqualTo(new DestinationSpec.Target.Nats("audit.payments"));
        assertThat(audit.headers()).containsEntry("X-Tenant", "acme");
        assertThat(audit.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void environmentDefaultIsOverriddenWhenSetAndUsedWhenEmpty() {
        Path file = resource("junction.yaml");
        assertThat(ConfigLoader.load(file, Map.of("STRIPE_WEBHOOK_SECRET", "s", "JUNCTION_DATA", "/var/lib/junction"))
                .store().url()).isEqualTo("sqlite:/var/lib/junction/junction.db");
        assertThat(ConfigLoader.load(file, Map.of("STRIPE_WEBHOOK_SECRET", "s", "JUNCTION_DATA", ""))
                .store().url()).isEqualTo("sqlite:./junction-data/junction.db");
    }

    @Test
    void loadsEveryOption() {
        Map<String, String> env = Map.of("DB_PASSWORD", "pw", "SHOP_SECRET", "shop-secret", "GH_SECRET_NEW", "new",
                "GH_SECRET_OLD", "old", "ALPHA_TOKEN", "tok");
        JunctionConfig config = ConfigLoader.load(resource("full.yaml"), env);

        assertThat(config.server()).isEqualTo(new JunctionConfig.Server("127.0.0.1", 9090));
        assertThat(config.store()).isEqualTo(new JunctionConfig.Store("jdbc:postgresql://db:5432/junction", "junction", "pw"));

        assertThat(config.sources()).containsOnlyKeys("shop", "github", "open");
        assertThat(config.sources().keySet()).containsExactly("shop", "github", "open");
        SourceSpec shop = config.sources().get("shop");
        assertThat(shop.verify()).isEqualTo(new VerifySpec("hmac", List.of("shop-secret"), Duration.ofSeconds(90),
                new VerifySpec.HmacOptions("X-Signature", "HmacSHA512", "base64", "sha512=", "X-Timestamp", "{timestamp}:{body}")));
        assertThat(shop.dedupe()).isEqualTo(new DedupeSpec(null, "/event/id"));
        assertThat(shop.maxBodyBytes()).isEqualTo(512 * 1024);
        SourceSpec github = config.sources().get("github");
        assertThat(github.verify().secrets()).containsExactly("new", "old");
        assertThat(github.dedupe()).isEqualTo(new DedupeSpec("X-GitHub-Delivery", null));
        assertThat(github.maxBodyBytes()).isEqualTo(10_000_000);
        assertThat(config.sources().get("open").verify()).isEqualTo(new VerifySpec("none", List.of(), Duration.ofMinutes(5), null));

        assertThat(config.destinations().keySet()).containsExactly("zeta", "alpha");
        assertThat(config.destinations().get("zeta")).isEqualTo(new DestinationSpec("zeta", URI.create("https://example.com/zeta"),
                Duration.ofSeconds(30), RetryPolicy.DEFAULT, null, Map.of()));
        assertThat(config.destinations().get("alpha")).isEqualTo(new DestinationSpec("alpha",
                URI.create("http://alpha.internal:8080/in"), Duration.ofSeconds(90),
                new RetryPolicy(3, Duration.ofMillis(250), Duration.ofMinutes(10), 1.5),
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                Map.of("Authorization", "Bearer tok", "X-Static", "${not-interpolated}")));

        assertThat(config.routes()).containsExactly(
                new RouteSpec("shop", List.of("zeta", "alpha")),
                new RouteSpec("github", List.of("alpha")),
                new RouteSpec("open", List.of("zeta")));
        assertThat(config.delivery()).isEqualTo(new JunctionConfig.Delivery(4, Duration.ofMillis(250), Duration.ofMinutes(2)));
        assertThat(config.retention()).isEqualTo(new JunctionConfig.Retention(Duration.ofDays(3), Duration.ofMinutes(1), 200));
    }

    @Test
    void hmacDefaultsComeFromTheRecord() {
        JunctionConfig config = ConfigLoader.parse("""
                store: { url: "sqlite:x.db" }
                sources:
                  s1:
                    verify: { scheme: hmac, secret: k, header: X-Sig }
                destinations: {}
                routes: []
                """, "t.yaml", Map.of());
        assertThat(config.sources().get("s1").verify().hmac())
                .isEqualTo(new VerifySpec.HmacOptions("X-Sig", "HmacSHA256", "hex", "", null, "{body}"));
    }

    @Test
    void anOptionalStoreCredentialLeftUnsetIsNone() {
        String yaml = """
                store: { url: "jdbc:postgresql://127.0.0.1/test", user: "${DB_USER:-}", password: "${DB_PASSWORD:-}" }
                sources: {}
                destinations: {}
                routes: []
                """;
        assertThat(ConfigLoader.parse(yaml, "t.yaml", Map.of()).store())
                .isEqualTo(new JunctionConfig.Store("jdbc:postgresql://127.0.0.1/test", null, null));
        assertThat(ConfigLoader.parse(yaml, "t.yaml", Map.of("DB_USER", "junction", "DB_PASSWORD", "s3cret")).store())
                .isEqualTo(new JunctionConfig.Store("jdbc:postgresql://127.0.0.1/test", "junction", "s3cret"));
    }

    @Test
    void emptyValuesMeanDefaults() {
        JunctionConfig config = ConfigLoader.parse("""
                server:
                store: { url: "jdbc:sqlite:x.db" }
                sources: {}
                destinations: {}
                routes: []
                delivery:
                """, "t.yaml", Map.of());
        assertThat(config.server()).isEqualTo(new JunctionConfig.Server("0.0.0.0", 8080));
        assertThat(config.delivery()).isEqualTo(new JunctionConfig.Delivery(64, Duration.ofSeconds(1), null));
    }

    @Test
    void loadReportsAMissingFileByName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void loadUsesThePathAsGivenInMessages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("junction.yaml");
        java.nio.file.Files.writeString(file, "store: { url: \"sqlite:x.db\" }\nsorces: {}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ":2:1: sorces: unknown key 'sorces'");
    }

    @Test
    void routesMayOrderByAKeyAndDestinationsMayBeGuarded() {
        JunctionConfig config = ConfigLoader.parse("""
                store: { url: "sqlite:x.db" }
                sources:
                  s1: { verify: { scheme: none } }
                destinations:
                  d1:
                    url: "http://127.0.0.1:1/x"
                    max-concurrent: 3
                    rate-limit: 50
                    breaker: { failure-rate: 25, minimum-calls: 5, window: 10, open-for: 1m, half-open-calls: 2 }
                  d2: { url: "http://127.0.0.1:1/y", breaker: off }
                routes:
                  - { from: s1, to: [d1], ordering-key: { json-pointer: /customer }, on-dead: skip }
                  - { from: s1, to: [d2], ordering-key: { header: X-Key } }
                """, "t.yaml", Map.of());
        assertThat(config.routes().get(0).ordering()).isEqualTo(new RouteSpec.Ordering(null, "/customer", true));
        assertThat(config.routes().get(1).ordering()).isEqualTo(new RouteSpec.Ordering("X-Key", null, false));
        assertThat(config.destinations().get("d1").guard()).isEqualTo(new dev.junction.core.config.GuardSpec(3, 50,
                new dev.junction.core.config.GuardSpec.Breaker(25, 5, 10, Duration.ofMinutes(1), 2)));
        assertThat(config.destinations().get("d2").guard().breaker()).isNull();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse("""
                store: { url: "sqlite:x.db" }
                sources:
                  s1: { verify: { scheme: none } }
                destinations:
                  d1: { url: "http://127.0.0.1:1/x" }
                routes:
                  - { from: s1, to: [d1], ordering-key: { header: X-Key }, on-dead: later }
                """, "t.yaml", Map.of())).hasMessageStartingWith("t.yaml:7:").hasMessageContaining("must be block or skip");
    }

    @Test
    void routesMayTakeOnlySomeEventTypesAndSourcesMaySayWhereTheTypeIs() {
        JunctionConfig config = ConfigLoader.parse("""
                store: { url: "sqlite:x.db" }
                sources:
                  stripe: { verify: { scheme: none } }
                  orders: { verify: { scheme: none }, type: { json-pointer: /event/kind } }
                  shop: { verify: { scheme: none }, type: { header: X-Event-Type } }
                destinations:
                  d1: { url: "http://127.0.0.1:1/x" }
                routes:
                  - from: stripe
                    to: [d1]
                    when: { type: ["payment_intent.*", "charge.dispute.*"] }
                  - { from: orders, to: d1, when: { type: order.paid } }
                  - { from: shop, to: d1 }
                """, "t.yaml", Map.of());
        assertThat(config.routes()).containsExactly(
                new RouteSpec("stripe", List.of("d1"), null, new RouteSpec.When(List.of("payment_intent.*", "charge.dispute.*"))),
                new RouteSpec("orders", List.of("d1"), null, new RouteSpec.When(List.of("order.paid"))),
                new RouteSpec("shop", List.of("d1")));
        assertThat(config.sources().get("stripe").eventType()).isEqualTo(EventTypeSpec.DEFAULT);
        assertThat(config.sources().get("orders").eventType()).isEqualTo(new EventTypeSpec(null, "/event/kind"));
        assertThat(config.sources().get("shop").eventType()).isEqualTo(new EventTypeSpec("X-Event-Type", null));
    }
}
