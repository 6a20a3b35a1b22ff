package dev.junction.server.http;

import static dev.junction.server.TestGateways.get;
import static dev.junction.server.TestGateways.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.GatewayProcess;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.TestGateways;
import dev.junction.server.check.ExplainedGateway;
import dev.junction.server.cli.CliRun;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/v1/integrations and /integrations/{name} over real sockets: what they say is what {@code junction explain}
 * and {@code junction check} say of the same file, located in it; markup from the config stays text.
 */
class IntegrationApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** {@code junction check --format json}'s findings about {@code integration}. */
    private static List<JsonNode> checked(Path file, String integration) throws Exception {
        CliRun run = CliRun.run("check", "--config", file.toString(), "--format", "json");
        List<JsonNode> about = new ArrayList<>();
        JSON.readTree(run.out()).get("findings").forEach(f -> { if (f.get("integration").asText().equals(integration)) about.add(f); });
        return about;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Test
    void theListNamesEachIntegrationWithItsKindsAndTheCountsJunctionCheckGives() throws Exception {
        try (ExplainedGateway g = ExplainedGateway.start(dir)) {
            JsonNode page = json(get(g.port(), "/api/v1/integrations"));

            assertThat(page.get("items")).extracting(i -> i.get("name").asText()).containsExactly("billing", "stripe");
            assertThat(page.get("next").isNull()).isTrue();
            JsonNode billing = page.get("items").get(0);
            assertThat(billing.get("kinds")).extracting(JsonNode::asText).containsExactly("http");
            assertThat(billing.get("status").asText()).isEqualTo("fail");
            List<JsonNode> checked = checked(g.file(), "billing");
            for (String status : List.of("pass", "warn", "fail")) {
                assertThat(billing.at("/checklist/" + status).asLong()).as(status)
                        .isEqualTo(checked.stream().filter(f -> f.get("status").asText().equals(status)).count());
            }
            assertThat(billing.at("/checklist/fail").asInt()).isEqualTo(1);
            assertThat(page.get("items").get(1).get("kinds")).extracting(JsonNode::asText).containsExactly("webhook");
        }
    }

    @Test
    void oneIntegrationIsWhatExplainSaysOfItBesideWhatCheckSaysLocatedInTheFile() throws Exception {
        try (ExplainedGateway g = ExplainedGateway.start(dir)) {
            JsonNode billing = json(get(g.port(), "/api/v1/integrations/billing"));

            assertThat(billing.get("file").asText()).isEqualTo(g.file().toString());
            JsonNode page = billing.get("explanations").get(0);
            assertThat(billing.get("explanations")).hasSize(1);
            assertThat(page.get("kind").asText()).isEqualTo("http");
            assertThat(page.get("direction").asText()).isEqualTo("push out");
            assertThat(page.get("guarantee").asText()).isEqualTo("at-least-once");
            assertThat(page.get("markdown").asText()).isEqualTo(CliRun.run("explain", "--config", g.file().toString(), "billing").out());
            assertThat(page.get("markdown").asText()).contains("```mermaid\n" + page.get("mermaid").asText() + "```");
            assertThat(page.get("svg").asText()).contains("<svg").contains(">billing<").contains(">dead letters<");
            String html = page.get("html").asText();
            assertThat(html).contains("<h2>billing (http)</h2>", "<h3>Retry schedule</h3>", "<th>attempt</th>", "<td>t+35s</td>",
                    "<strong>Breaker:</strong>");
            assertThat(html).as("the diagram and checklist are given apart").doesNotContain("mermaid", "### ", "<h3>Checklist</h3>");

            assertThat(list(billing.get("items"))).isEqualTo(checked(g.file(), "billing"));
            JsonNode https = list(billing.get("items")).stream().filter(i -> i.get("rule").asText().equals("https")).findFirst().orElseThrow();
            assertThat(https.get("status").asText()).isEqualTo("fail");
            assertThat(https.at("/location/line").asInt()).isEqualTo(9);
            assertThat(https.at("/location/column").asInt()).isEqualTo(10);
            assertThat(https.get("path").asText()).isEqualTo("destinations.billing.url");
            assertThat(https.get("fix").asText()).startsWith("Use an https:// (amqps://) URL");
            assertThat(list(billing.get("gatewayItems"))).isEqualTo(checked(g.file(), ""));
            assertThat(billing.get("gatewayItems")).extracting(i -> i.get("rule").asText() + " " + i.get("status").asText()).contains("alerts pass");
        }
    }

    @Test
    void markupWrittenInTheConfigIsTextInTheHtml() throws Exception {
        try (ExplainedGateway g = ExplainedGateway.start(dir)) {
            String html = json(get(g.port(), "/api/v1/integrations/stripe")).at("/explanations/0/html").asText();

            assertThat(html).contains("types invoice.paid, &lt;script&gt;alert(1)&lt;/script&gt;)").doesNotContain("<script");
        }
    }

    @Test
    void anUnknownNameIsA404ProblemAndEveryRouteWantsAKey() throws Exception {
        try (ExplainedGateway g = ExplainedGateway.start(dir)) {
            HttpResponse<String> unknown = get(g.port(), "/api/v1/integrations/payroll");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(unknown.body());
            assertThat(problem.get("type").asText()).isEqualTo("/problems/not-found");
            assertThat(problem.get("detail").asText()).isEqualTo("no integration 'payroll'");
            assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/integrations/payroll");

            for (String path : List.of("/api/v1/integrations", "/api/v1/integrations/billing")) {
                assertThat(request(g.port(), "GET", path, Map.of()).statusCode()).as(path).isEqualTo(401);
            }
            HttpResponse<String> bad = get(g.port(), "/api/v1/integrations?kind=http");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("parameter").asText()).isEqualTo("kind");
        }
    }

    @Test
    void theIntegrationsPageIsServedUnderTheDashboardsPolicyAndLoadsNothingFromElsewhere() throws Exception {
        try (ExplainedGateway g = ExplainedGateway.start(dir)) {
            HttpResponse<String> page = request(g.port(), "GET", "/dashboard/integrations.html", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/integrations.js\"></script>");
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains(Dashboard.HEADERS.get("Content-Security-Policy"));
            for (String module : List.of("integrations.js", "dom.js")) {
                HttpResponse<String> js = request(g.port(), "GET", "/dashboard/" + module, Map.of());
                assertThat(js.statusCode()).isEqualTo(200);
                assertThat(js.body()).doesNotContain("http://", "https://", "innerHTML");
            }
        }
    }

    @Test
    void aGatewayConfiguredInCodeHasNoFileSoNoLinesAndNoItemThatReadsTheWrittenForm() throws Exception {
        try (GatewayUnderTest g = GatewayUnderTest.start(dir)) {
            JsonNode stripe = json(get(g.port(), "/api/v1/integrations/stripe"));

            assertThat(stripe.get("file").isNull()).isTrue();
            assertThat(stripe.get("items")).isNotEmpty().allSatisfy(i -> assertThat(i.get("location").isNull()).isTrue());
            assertThat(stripe.get("items")).extracting(i -> i.get("rule").asText()).doesNotContain("secret-in-file").contains("signature");
        }
    }

    @Test
    void junctionServeLocatesTheItemsInTheFileItWasGiven() throws Exception {
        int port = GatewayProcess.freePort();
        Path file = Files.writeString(dir.resolve("junction.yaml"), ExplainedGateway.yaml(dir).replace("port: 0", "port: " + port));
        Map<String, String> env = new HashMap<>(GatewayUnderTest.ADMIN_ENV);
        env.put("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET);
        env.put("BILLING_SIGNING_SECRET", TestGateways.DESTINATION_SECRET);
        try (GatewayProcess serve = new GatewayProcess(file, dir.resolve("gateway.log"), env, port).start()) {
            JsonNode billing = json(get(port, "/api/v1/integrations/billing"));

            assertThat(billing.get("file").asText()).isEqualTo(file.toString());
            assertThat(billing.get("items")).filteredOn(i -> i.get("rule").asText().equals("secret-in-file"))
                    .singleElement().satisfies(i -> {
                        assertThat(i.get("status").asText()).isEqualTo("pass");
                        assertThat(i.at("/location/file").asText()).isEqualTo(file.toString());
                        assertThat(i.at("/location/line").asInt()).isEqualTo(10);
                    });
        }
    }
}
