package dev.junction.server.transform;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static dev.junction.server.TestGateways.get;
import static dev.junction.server.TestGateways.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.TransformSpec;
import dev.junction.core.verify.StandardWebhooksSigner;
import dev.junction.engine.transform.Transform;
import dev.junction.engine.transform.TransformBody;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/transforms.md as written: its mapping gives the body it shows, its configuration delivers that body
 * over real HTTP (and the ledger's own transform on top), and {@code junction transform} prints what it shows.
 */
class TransformDocsTest {

    static final String SHOP_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("shop-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TransformDocs docs = new TransformDocs();

    @TempDir
    Path dir;

    @Test
    void theMappingGivesTheBodyThePageShows() throws Exception {
        Transform mapping = Transform.compile(new TransformSpec(docs.block("jsonata"), "docs/transforms.md"));
        Object sent = mapping.apply(TransformBody.read(docs.block("json event").getBytes(StandardCharsets.UTF_8)));
        assertThat(JSON.readTree(TransformBody.write(sent))).isEqualTo(JSON.readTree(docs.block("json sent")));
    }

    @Test
    void theConfigurationDeliversTheMappedBodyToTheCrmAndTheLedgersReshapeOfItOverHttp() throws Exception {
        try (Downstream crm = new Downstream(); Downstream ledger = new Downstream()) {
            Path config = writeConfig(dir, crm.url(), ledger.url());
            try (Gateway gateway = Gateway.start(ConfigLoader.load(config, env()), Clock.systemUTC(), GatewayUnderTest.ADMIN_ENV)) {
                String event = docs.block("json event");
                String id = accepted(postShop(gateway.port(), "msg_1", event));

                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> crm.succeeded().size() == 1 && ledger.succeeded().size() == 1);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("crm " + crm.received().size() + " ledger " + ledger.received().size() + " story "
                            + get(gateway.port(), "/api/v1/messages/" + id).body(), e);
                }
                Downstream.Received atCrm = crm.succeeded().get(0);
                assertThat(JSON.readTree(atCrm.body())).isEqualTo(JSON.readTree(docs.block("json sent")));
                assertThat(atCrm.header("content-type")).startsWith("application/json");
                assertThat(atCrm.header("webhook-id")).isEqualTo(id);
                assertThat(JSON.readTree(ledger.succeeded().get(0).body())).isEqualTo(JSON.readTree(
                        "{\"customer\":\"cus_42\",\"balance\":{\"amount\":1234,\"currency\":\"EUR\"}}"));

                // The stored message is the event as it came; each delivery names the route it came by.
                JsonNode story = JSON.readTree(get(gateway.port(), "/api/v1/messages/" + id).body());
                assertThat(story.get("bodyBytes").asInt()).isEqualTo(event.getBytes(StandardCharsets.UTF_8).length);
                assertThat(story.get("deliveries")).hasSize(2).allSatisfy(d -> assertThat(d.get("route").asText()).isEqualTo("shop-customers"));
                JsonNode route = JSON.readTree(get(gateway.port(), "/api/v1/routes").body()).get("items").get(0);
                assertThat(route.get("name").asText()).isEqualTo("shop-customers");
                assertThat(route.get("transform").asBoolean()).isTrue();
                JsonNode delivery = JSON.readTree(get(gateway.port(), "/api/v1/deliveries?destination=crm").body()).get("items").get(0);
                assertThat(delivery.get("route").asText()).isEqualTo("shop-customers");
            }
        }
    }

    @Test
    void junctionTransformPrintsWhatThePageShows() throws Exception {
        // The page's configuration as written: the command reads its file and runs no gateway.
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("mappings/customer.jsonata"), docs.block("jsonata"));
        Path config = Files.writeString(dir.resolve("junction.yaml"), docs.block("yaml"));
        Path event = Files.writeString(dir.resolve("event.json"), docs.block("json event"));
        assertThat(docs.page()).contains("junction transform --config junction.yaml --route shop-customers < event.json");
        TransformCli.Run run = TransformCli.run(env(), event, "--config", config.toString(), "--route", "shop-customers");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(docs.block("json cli").strip());
    }

    @Test
    void theEnrichmentExampleFetchesTheCustomerAndTheTransformUsesIt() throws Exception {
        try (CustomerApi api = new CustomerApi(Map.of("cus_42", "{\"segment\":\"enterprise\",\"manager\":{\"email\":\"grace@shop.example\"}}"));
             Downstream crm = new Downstream()) {
            Map<String, String> env = env();
            env.put("CUSTOMERS_API_TOKEN", "token-1");
            String yaml = withoutStore(docs.block("yaml enrich")).replace("https://api.example", api.url()).replace("https://crm.example/api/customers", crm.url());
            Path config = Files.writeString(dir.resolve("junction.yaml"), """
                    server: { host: 127.0.0.1, port: 0 }
                    store: { url: "sqlite:%s/junction.db" }
                    delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                    """.formatted(dir) + yaml);
            try (Gateway gateway = Gateway.start(ConfigLoader.load(config, env), Clock.systemUTC(), GatewayUnderTest.ADMIN_ENV)) {
                accepted(postShop(gateway.port(), "msg_2", docs.block("json event")));
                await().atMost(Duration.ofSeconds(20)).until(() -> crm.succeeded().size() == 1);
                assertThat(JSON.readTree(crm.succeeded().get(0).body())).isEqualTo(JSON.readTree(
                        "{\"external_id\":\"cus_42\",\"segment\":\"enterprise\",\"account_manager\":\"grace@shop.example\"}"));
                assertThat(api.paths()).containsExactly("/customers/cus_42");
                assertThat(api.authorizations()).containsExactly("Bearer token-1");
            }
        }
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SHOP_WEBHOOK_SECRET", SHOP_SECRET);
        return env;
    }

    /** The page's configuration, with a server and a store, its mapping file beside it, and the receivers given. */
    Path writeConfig(Path dir, String crmUrl, String ledgerUrl) throws Exception {
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("mappings/customer.jsonata"), docs.block("jsonata"));
        String yaml = withoutStore(docs.block("yaml")).replace("https://crm.example/api/customers", crmUrl).replace("https://ledger.example/hooks", ledgerUrl);
        return Files.writeString(dir.resolve("junction.yaml"), """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                """.formatted(dir) + yaml);
    }

    /** The page's configuration without its store line, for a gateway on a store of the test's own. */
    static String withoutStore(String yaml) {
        assertThat(yaml).startsWith("store: ");
        return yaml.substring(yaml.indexOf('\n') + 1);
    }

    static java.net.http.HttpResponse<String> postShop(int port, String msgId, String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return post(port, "shop", body, Map.of("webhook-id", msgId, "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooksSigner.sign(SHOP_SECRET, msgId, now, body.getBytes(StandardCharsets.UTF_8))));
    }

    static String accepted(java.net.http.HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    static {
        assertThat(ADMIN_KEY).isNotBlank();
    }
}
