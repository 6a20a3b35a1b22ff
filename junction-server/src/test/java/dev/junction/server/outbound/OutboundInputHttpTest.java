package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static dev.junction.server.TestGateways.config;
import static dev.junction.server.TestGateways.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.store.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the publish and endpoint APIs refuse over a real socket, each as a 400 naming the field, because stored it
 * would be something else than what was sent (a different event id, a header sent as other bytes); and the headers
 * of Junction's own that a delivery always carries.
 */
class OutboundInputHttpTest {

    @TempDir
    Path dir;

    private Gateway gateway;
    private AdminHttp admin;

    @BeforeEach
    void open() throws Exception {
        gateway = start(config("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(dir)));
        admin = new AdminHttp(gateway.port());
        admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private JsonNode refused(String method, String path, String body, String parameter) throws Exception {
        JsonNode problem = admin.call(method, path, body, 400);
        assertThat(problem.get("type").asText()).as(body).isEqualTo("/problems/bad-parameter");
        assertThat(problem.get("parameter").asText()).as(body).isEqualTo(parameter);
        return problem;
    }

    @Test
    void aLoneSurrogateEscapeIsNoTextAndTwoEventIdsDifferingThereAreNotMergedIntoOne() throws Exception {
        // Stored as UTF-8 both became 's1?': the second publish was answered 200 duplicate and its event lost.
        for (String id : new String[] {"s1\\ud800", "s1\\udbff", "\\udc00s1"}) {
            assertThat(refused("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"e.t\",\"payload\":{},\"event_id\":\"" + id + "\"}",
                    "event_id").get("detail").asText()).isEqualTo("'event_id' is not Unicode text (a lone surrogate escape)");
        }
        assertThat(refused("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"e.t\",\"payload\":{},\"channels\":[\"eu\",\"x\\ud800\"]}",
                "channels").get("detail").asText()).isEqualTo("'channels[1]' is not Unicode text (a lone surrogate escape)");
        assertThat(admin.call("GET", "/api/v1/apps/acme/messages", null, 200).get("items")).as("nothing stored").isEmpty();
        // A pair is a character (an emoji): two ids that differ in it are two events.
        admin.publish("acme", "{\"event_type\":\"e.t\",\"payload\":{},\"event_id\":\"s1\\ud83d\\ude00\"}");
        admin.publish("acme", "{\"event_type\":\"e.t\",\"payload\":{},\"event_id\":\"s1\\ud83d\\ude01\"}");

        String url = "http://127.0.0.1:9/hooks";
        for (String field : new String[] {"channels", "filter_types"}) {
            assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + url + "\",\"" + field + "\":[\"a\\ud83d\"]}", field)
                    .get("detail").asText()).isEqualTo("'" + field + "[0]' is not Unicode text (a lone surrogate escape)");
        }
        String endpoint = admin.endpoint("acme", "{\"url\":\"" + url + "\"}");
        refused("PATCH", "/api/v1/apps/acme/endpoints/" + endpoint, "{\"channels\":[\"\\udfff\"]}", "channels");
        refused("PATCH", "/api/v1/apps/acme/endpoints/" + endpoint, "{\"description\":\"caf\\ud800\"}", "description");
    }

    @Test
    void aHeaderValueOutsideVisibleAsciiIsRefusedNamingTheHeaderAndNeverQuotingTheValue() throws Exception {
        // Accepted before, and then sent as other bytes: 'Zoë' as Latin-1, an emoji or CJK as spaces.
        for (String value : new String[] {"a😀b", "Zoë", "日本", "a\\u0000b", "a\\u007fb"}) {
            JsonNode problem = refused("POST", "/api/v1/apps/acme/endpoints",
                    "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"Authorization\":\"Bearer sk_live_" + value + "\"}}", "headers");
            assertThat(problem.get("detail").asText()).as(value).startsWith("headers: the value of 'Authorization' has a ")
                    .contains("a header value may hold visible ASCII characters, spaces and tabs only").doesNotContain("sk_live");
        }
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"X-Name\":\"Zoë\"}}",
                "headers").get("detail").asText()).isEqualTo("headers: the value of 'X-Name' has a character outside ASCII at position 3:"
                        + " a header value may hold visible ASCII characters, spaces and tabs only (encode other text first).");
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"X-Name\":\"a\\u0000\"}}",
                "headers").get("detail").asText()).as("a NUL is no line break").contains("has a control character at position 2");
        String endpoint = admin.endpoint("acme", "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"X-Name\":\"a b\\tc ~!\"}}");
        refused("PATCH", "/api/v1/apps/acme/endpoints/" + endpoint, "{\"headers\":{\"X-Name\":\"日本\"}}", "headers");
        assertThat(admin.call("GET", "/api/v1/apps/acme/endpoints/" + endpoint, null, 200).get("headerNames").get(0).asText())
                .isEqualTo("X-Name");
    }

    @Test
    void anEndpointCannotSetTheEventTypeOrTheTraceAndOneStoredWithThemBeforeGetsJunctionsOwn() throws Exception {
        for (String name : new String[] {"webhook-event-type", "Webhook-Event-Type", "traceparent", "tracestate"}) {
            assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"" + name
                    + "\":\"x\"}}", "headers").get("detail").asText())
                    .isEqualTo("headers: '" + name + "' is set by Junction on every delivery and cannot be configured.");
        }
        try (Downstream receiver = new Downstream()) {
            String id = admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\",\"headers\":{\"X-Tenant\":\"acme\"}}");
            // As an endpoint made before these names were reserved is stored: its headers went out in place of Junction's.
            var store = gateway.pipeline().store();
            Endpoint e = store.endpoint(id).orElseThrow();
            store.updateEndpoint(new Endpoint(e.id(), e.appId(), e.url(), e.description(), e.filterTypes(), e.channels(),
                    Map.of("X-Tenant", "acme", "webhook-event-type", "account.deleted", "traceparent", FORGED_TRACE, "tracestate", "x=1"),
                    e.rateLimit(), e.disabled(), e.secret(), e.previousSecret(), e.previousExpiresAt(), e.createdAt(), e.updatedAt()),
                    java.time.Instant.now());
            gateway.pipeline().endpoints().forget(id);

            admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{}}");

            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received().isEmpty());
            Downstream.Received got = receiver.received().get(0);
            assertThat(got.headers().entrySet()).filteredOn(h -> h.getKey().equalsIgnoreCase("webhook-event-type"))
                    .singleElement().satisfies(h -> assertThat(h.getValue()).containsExactly("invoice.paid"));
            assertThat(got.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo(FORGED_TRACE);
            assertThat(got.header("tracestate")).isNull();
            assertThat(got.header("X-Tenant")).isEqualTo("acme");
        }
    }

    @Test
    void aFilterTypeThatCouldNeverMatchIsRefusedByTheRuleOfARoutesType() throws Exception {
        // Accepted before: the endpoint then took no message at all.
        Map<String, String> refusals = Map.of(
                "invoice paid", "contains a space; event types have none (list several as [a.*, b.*])",
                "invoice.*, charge.*", "contains a space; event types have none (list several as [a.*, b.*])",
                "**", "has two stars in a row; one * matches any run of characters, dots included",
                "é", "can never match: a published event_type holds letters, digits and . _ : - only (and a pattern * too)",
                "orders/create", "can never match: a published event_type holds letters, digits and . _ : - only (and a pattern * too)");
        for (Map.Entry<String, String> r : refusals.entrySet()) {
            assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"filter_types\":[\"invoice.*\",\""
                    + r.getKey() + "\"]}", "filter_types").get("detail").asText())
                    .isEqualTo("'filter_types[1]' \"" + r.getKey() + "\" " + r.getValue());
        }
        String endpoint = admin.endpoint("acme", "{\"url\":\"http://127.0.0.1:9/hooks\",\"filter_types\":[\"invoice.*\",\"*:created\",\"a-b_c\"]}");
        refused("PATCH", "/api/v1/apps/acme/endpoints/" + endpoint, "{\"filter_types\":[\"charge.**\"]}", "filter_types");
        assertThat(admin.call("GET", "/api/v1/apps/acme/endpoints/" + endpoint, null, 200).get("filterTypes")).hasSize(3);
    }

    @Test
    void whatAPortalUserOrIntegratorSendsIsBoundedAndCannotNameAnotherApplication() throws Exception {
        // From the security probe: each of these was taken (a uid equal to another application's id made that
        // application answer for it; a 5,002-character header name and 40,000 filter types were stored and sent).
        refused("POST", "/api/v1/apps", "{\"uid\":\"app_01M8YCQ9NN0RDWR73G16B4HTD0\"}", "uid");
        String many = "[" + String.join(",", java.util.Collections.nCopies(101, "\"a.b\"")) + "]";
        refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"filter_types\":" + many + "}", "filter_types");
        refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"channels\":" + many + "}", "channels");
        refused("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"a.b\",\"payload\":{},\"channels\":" + many + "}", "channels");
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"X-" + "a".repeat(300)
                + "\":\"1\"}}", "headers").get("detail").asText()).contains("at most 256").doesNotContain("aaaa");
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"headers\":{\"Content-Encoding\":\"gzip\"}}",
                "headers").get("detail").asText()).contains("Content-Encoding");
        String hundred = "[" + String.join(",", java.util.Collections.nCopies(100, "\"a.b\"")) + "]";
        admin.call("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"filter_types\":" + hundred + "}", 201);
    }

    @Test
    void aProblemNamingTextOutsideAsciiIsSentAsUtf8() throws Exception {
        // A detail naming a field 'é' arrived as the byte 0xE9 (ISO-8859-1), which no JSON reader takes for 'é'.
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\",\"é😀\":1}", "é😀")
                .get("detail").asText()).startsWith("unknown field 'é😀' (known: ");
    }

    @Test
    void aFieldSentToARequestThatTakesNoneIsSaidSoNotListedAsKnownNothing() throws Exception {
        // From the UX probe: "unknown field 'event_type' (known: )".
        String endpoint = admin.endpoint("acme", "{\"url\":\"http://127.0.0.1:9/hooks\"}");
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints/" + endpoint + "/test", "{\"event_type\":\"a.b\"}", "event_type")
                .get("detail").asText()).isEqualTo("unknown field 'event_type' (this request takes no fields: send {} or no body)");
        assertThat(refused("POST", "/api/v1/apps/acme/endpoints/" + endpoint + "/replay", "{\"sinse\":\"x\"}", "sinse")
                .get("detail").asText()).isEqualTo("unknown field 'sinse' (known: since, until)");
    }

    @Test
    void aCreatedApplicationOrEndpointAnswersTheTimesItsListsWill() throws Exception {
        // From the UX probe: "createdAt" had nanoseconds in a create's answer and milliseconds in every list.
        JsonNode app = admin.call("POST", "/api/v1/apps", "{\"uid\":\"initech\"}", 201);
        assertThat(app).isEqualTo(admin.call("GET", "/api/v1/apps/initech", null, 200));
        JsonNode endpoint = admin.call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\"}", 201);
        String path = "/api/v1/apps/initech/endpoints/" + endpoint.get("id").asText();
        assertThat(endpoint).isEqualTo(admin.call("GET", path, null, 200));
        JsonNode rotated = admin.call("POST", path + "/secret/rotate", "{}", 200);
        assertThat(rotated.get("previousExpiresAt")).isEqualTo(admin.call("GET", path, null, 200).get("previousExpiresAt"));
    }

    @Test
    void aBodyOverTheGatewaysLimitIsATooLargeProblemNamingItOnEveryRoute() throws Exception {
        // The gateway's outer bound is the largest source limit, 1 MiB here; past it the answer was a bare "Content Too Large".
        String big = "{\"event_type\":\"e.t\",\"payload\":{\"s\":\"" + "a".repeat(1024 * 1024) + "\"}}";
        for (String path : new String[] {"/api/v1/apps/acme/messages", "/api/v1/apps", "/api/v1/apps/acme/endpoints", "/in/nosuch"}) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(problem.get("type").asText()).as(path).isEqualTo("/problems/too-large");
            assertThat(problem.get("detail").asText()).as(path).isEqualTo("The body is larger than the gateway's limit of 1048576 bytes"
                    + " for any request (the largest sources.<name>.max-body sets it).");
        }
        assertThat(admin.call("GET", "/api/v1/apps/acme/messages", null, 200).get("items")).isEmpty();
        // The limit is the limit: one byte over it was let through (the bound was the limit plus one).
        for (int size : new int[] {1024 * 1024, 1024 * 1024 + 1}) {
            String exact = "{\"uid\":\"x\",\"name\":\"" + "a".repeat(size - 21) + "\"}";
            assertThat(exact.length()).isEqualTo(size);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/apps"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(exact)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(size + " bytes: " + r.body()).isEqualTo(size > 1024 * 1024 ? 413 : 400);
        }
    }

    @Test
    void everyDeliveryCarriesTheTraceOfItsPublishWhetherThePublishSentOneOrNot() throws Exception {
        try (Downstream receiver = new Downstream()) {
            admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");
            String sent = "4bf92f3577b34da6a3ce929d0e0e4736";
            String[] traces = new String[2];
            for (int i = 0; i < 2; i++) {
                HttpRequest.Builder publish = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/apps/acme/messages"))
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"event_type\":\"e.t\",\"payload\":{\"n\":" + i + "}}"));
                if (i == 0) publish.header("traceparent", "00-" + sent + "-00f067aa0ba902b7-01");
                HttpResponse<String> r = HttpClient.newHttpClient().send(publish.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(202);
                traces[i] = r.headers().firstValue("Trace-Id").orElseThrow();
            }
            assertThat(traces[0]).isEqualTo(sent);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 2);
            // Each with the publish's trace (its own traceparent's, or the new one its Trace-Id answer named) and a new span.
            assertThat(receiver.received()).extracting(got -> got.header("traceparent").substring(3, 35))
                    .containsExactlyInAnyOrder(traces[0], traces[1]);
        }
    }

    private static final String FORGED_TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
}
