package dev.junction.server.transform;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrichment on a real gateway (SQLite, sockets both ways): the customer is fetched from an API, merged into the
 * payload and then transformed; answers are cached; a 503 is retried with the delivery, a 404 is a dead letter;
 * an event cannot steer the fetch off the configured path.
 */
class EnrichHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String order(String id, String customer) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"order.paid\",\"data\":{\"object\":{\"customer\":\"" + customer + "\"}}}";
    }

    @Test
    void theCustomerIsFetchedCachedMergedAndTransformedAndFailedFetchesFollowTheDeliveryRules() throws Exception {
        try (CustomerApi api = new CustomerApi(Map.of("cus_1", "{\"name\":\"Ada\",\"tier\":\"gold\"}", "cus_2", "{\"name\":\"Grace\",\"tier\":\"silver\"}"))
                .unavailable("cus_2", 1);
             Downstream crm = new Downstream();
             Gateway gateway = start(config(stripeGateway(dir) + """
                     destinations:
                       crm:
                         url: "%s"
                         retry: { max-attempts: 4, initial-delay: 50ms, max-delay: 200ms }
                     routes:
                       - name: orders
                         from: stripe
                         to: crm
                         enrich: { url: "%s/customers/{/data/object/customer}", into: /customer, cache: 5m, timeout: 2s }
                         transform: '{ "order": id, "customer_name": customer.name, "tier": $uppercase(customer.tier) }'
                     delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                     """.formatted(crm.url(), api.url())))) {
            int port = gateway.port();
            String first = accepted(postStripe(port, order("evt_1", "cus_1")));
            await().atMost(Duration.ofSeconds(20)).until(() -> crm.succeeded().size() == 1);
            String second = accepted(postStripe(port, order("evt_2", "cus_1")));
            String retried = accepted(postStripe(port, order("evt_3", "cus_2")));
            String climbing = accepted(postStripe(port, order("evt_4", "../admin")));

            await().atMost(Duration.ofSeconds(20)).until(() -> crm.succeeded().size() == 3
                    && state(gateway, climbing).equals("DEAD"));
            assertThat(crm.succeeded().stream().map(r -> json(r.body())).toList()).containsExactlyInAnyOrder(
                    json("{\"order\":\"evt_1\",\"customer_name\":\"Ada\",\"tier\":\"GOLD\"}"),
                    json("{\"order\":\"evt_2\",\"customer_name\":\"Ada\",\"tier\":\"GOLD\"}"),
                    json("{\"order\":\"evt_3\",\"customer_name\":\"Grace\",\"tier\":\"SILVER\"}"));
            // cus_1 once (the second event was answered from the cache), cus_2 twice (503, then 200), and the
            // climbing id as one encoded segment: the API never saw /admin.
            assertThat(api.paths()).containsExactlyInAnyOrder("/customers/cus_1", "/customers/cus_2", "/customers/cus_2",
                    "/customers/%2E%2E%2Fadmin");

            String template = api.url() + "/customers/{/data/object/customer}";
            JsonNode retriedDelivery = story(port, retried);
            assertThat(retriedDelivery.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(retriedDelivery.get("attempts").get(0).get("outcome").asText()).isEqualTo("RETRYABLE");
            assertThat(retriedDelivery.get("attempts").get(0).get("error").asText()).isEqualTo("enrich: GET " + template + " answered 503");

            JsonNode dead = story(port, climbing);
            assertThat(dead.get("attempts")).hasSize(1);
            assertThat(dead.get("attempts").get(0).get("outcome").asText()).isEqualTo("PERMANENT");
            assertThat(dead.get("attempts").get(0).get("error").asText()).isEqualTo("enrich: GET " + template + " answered 404");
            assertThat(story(port, first).get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(story(port, second).get("attempts")).hasSize(1);
        }
    }

    private static JsonNode json(Object body) {
        try {
            return body instanceof byte[] b ? JSON.readTree(b) : JSON.readTree((String) body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String state(Gateway gateway, String messageId) {
        var deliveries = gateway.pipeline().store().deliveriesOf(messageId);
        return deliveries.isEmpty() ? "" : deliveries.get(0).state().name();
    }

    private static JsonNode story(int port, String messageId) throws Exception {
        return JSON.readTree(get(port, "/api/v1/messages/" + messageId).body()).get("deliveries").get(0);
    }

    private static String accepted(java.net.http.HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }
}
