package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.outbound.EventTypeCatalog;
import dev.junction.engine.outbound.Validation;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.RepoFiles;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event type catalogue over real sockets, and the examples of docs/outbound.md run against it. */
class EventTypeApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TYPES = "/api/v1/event-types";
    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"amount\"], \"properties\": {\"amount\": {\"type\": \"integer\", \"minimum\": 1}}}";

    @TempDir
    Path dir;

    private GatewayUnderTest running;
    private int port;

    @BeforeEach
    void start() throws Exception {
        running = GatewayUnderTest.start(dir);
        port = running.port();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> patch(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_KEY).method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> create(String name, String schema, String examples) throws Exception {
        return postJson(port, TYPES, "{\"name\": \"" + name + "\", \"description\": \"d\", \"schema\": " + schema + ", \"examples\": " + examples + "}");
    }

    @Test
    void aTypeIsCreatedAndReadBack() throws Exception {
        HttpResponse<String> created = create("invoice.paid", SCHEMA, "[{\"amount\": 5}]");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/event-types/invoice.paid");
        JsonNode view = body(created);
        assertThat(view.get("name").asText()).isEqualTo("invoice.paid");
        assertThat(view.get("schema")).isEqualTo(JSON.readTree(SCHEMA));
        assertThat(view.get("examples")).isEqualTo(JSON.readTree("[{\"amount\": 5}]"));
        assertThat(view.get("revision").asInt()).isEqualTo(1);
        assertThat(view.get("archived").asBoolean()).isFalse();

        assertThat(body(get(port, TYPES + "/invoice.paid"))).isEqualTo(view);
        HttpResponse<String> missing = get(port, TYPES + "/invoice.unknown");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(body(missing).get("type").asText()).isEqualTo("/problems/no-such-event-type");
    }

    @Test
    void aDuplicateNameIs409() throws Exception {
        assertThat(create("invoice.paid", SCHEMA, "[]").statusCode()).isEqualTo(201);
        HttpResponse<String> again = create("invoice.paid", "{\"type\": \"object\"}", "[]");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(body(again).get("type").asText()).isEqualTo("/problems/event-type-exists");
        assertThat(body(get(port, TYPES + "/invoice.paid")).get("schema")).as("unchanged").isEqualTo(JSON.readTree(SCHEMA));
    }

    @Test
    void aBadNameOrBodyIs400NamingTheField() throws Exception {
        for (String name : List.of("", "has space", "x".repeat(201), "slash/no")) {
            HttpResponse<String> r = postJson(port, TYPES, "{\"name\": " + JSON.writeValueAsString(name) + "}");
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(body(r).get("parameter").asText()).isEqualTo("name");
        }
        assertThat(postJson(port, TYPES, "{\"name\": \"" + "x".repeat(200) + "\"}").statusCode()).as("200 characters").isEqualTo(201);
        assertThat(body(postJson(port, TYPES, "{\"name\": \"a\", \"schemas\": {}}")).get("parameter").asText()).isEqualTo("schemas");
        assertThat(postJson(port, TYPES, "[]").statusCode()).isEqualTo(400);
    }

    @Test
    void anInvalidSchemaIs422NamingTheProblem() throws Exception {
        HttpResponse<String> r = create("invoice.paid", "{\"type\": \"object\", \"properties\": {\"amount\": {\"minimum\": \"one\"}}}", "[]");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode problem = body(r);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-schema");
        assertThat(problem.get("detail").asText()).startsWith("schema is not a valid JSON Schema: /properties/amount/minimum");
        assertThat(get(port, TYPES + "/invoice.paid").statusCode()).as("nothing stored").isEqualTo(404);

        HttpResponse<String> remote = create("invoice.paid", "{\"$ref\": \"https://example.com/schema.json\"}", "[]");
        assertThat(remote.statusCode()).as("nothing is fetched").isEqualTo(422);
    }

    @Test
    void anExampleThatDoesNotFitIs422NamingItsIndexAndTheViolation() throws Exception {
        HttpResponse<String> r = create("invoice.paid", SCHEMA, "[{\"amount\": 3}, {\"amount\": 0}]");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode problem = body(r);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/example-does-not-match-schema");
        assertThat(problem.get("example").asInt()).isEqualTo(1);
        assertThat(problem.get("detail").asText()).startsWith("examples[1] does not match the schema: /amount: ");
        assertThat(problem.at("/errors/0/path").asText()).isEqualTo("/amount");
        assertThat(problem.at("/errors/0/rule").asText()).isEqualTo("minimum");
        assertThat(get(port, TYPES + "/invoice.paid").statusCode()).isEqualTo(404);
    }

    @Test
    void anArchivedTypeStaysReadableLeavesTheDefaultListAndRefusesPublishing() throws Exception {
        create("invoice.paid", SCHEMA, "[]");
        create("invoice.voided", SCHEMA, "[]");
        HttpResponse<String> archived = postEmpty(port, TYPES + "/invoice.paid/archive");
        assertThat(archived.statusCode()).isEqualTo(200);
        assertThat(body(archived).get("archived").asBoolean()).isTrue();
        assertThat(body(get(port, TYPES + "/invoice.paid")).get("archivedAt").isTextual()).isTrue();
        assertThat(names(get(port, TYPES))).containsExactly("invoice.voided");
        assertThat(names(get(port, TYPES + "?include_archived=true"))).containsExactly("invoice.paid", "invoice.voided");
        assertThat(postEmpty(port, TYPES + "/invoice.none/archive").statusCode()).isEqualTo(404);

        Validation v = new EventTypeCatalog(running.store()).validate("invoice.paid", JSON.readTree("{\"amount\": 5}"));
        assertThat(v).isInstanceOf(Validation.Archived.class);
    }

    @Test
    void theListPagesByName() throws Exception {
        for (String name : List.of("c.three", "a.one", "e.five", "b.two", "d.four")) assertThat(create(name, "null", "[]").statusCode()).isEqualTo(201);
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = body(get(port, TYPES + "?limit=2" + (next == null ? "" : "&cursor=" + next)));
            page.get("items").forEach(item -> seen.add(item.get("name").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);
        assertThat(seen).containsExactly("a.one", "b.two", "c.three", "d.four", "e.five");
        assertThat(pages).isEqualTo(3);
        assertThat(get(port, TYPES + "?include_archived=maybe").statusCode()).isEqualTo(400);
        assertThat(get(port, TYPES + "?cursor=" + Paging.encode("messages", "x")).statusCode()).isEqualTo(400);
    }

    @Test
    void aPatchChangesTheDefinitionAndTheNextValidationUsesIt() throws Exception {
        create("invoice.paid", SCHEMA, "[{\"amount\": 5}]");
        EventTypeCatalog catalog = new EventTypeCatalog(running.store());
        assertThat(catalog.validate("invoice.paid", JSON.readTree("{\"amount\": 3}")).accepted()).isTrue();

        HttpResponse<String> tooStrict = patch(TYPES + "/invoice.paid", "{\"schema\": {\"properties\": {\"amount\": {\"minimum\": 10}}}}");
        assertThat(tooStrict.statusCode()).as("the kept example no longer fits").isEqualTo(422);
        assertThat(body(tooStrict).get("example").asInt()).isZero();

        HttpResponse<String> r = patch(TYPES + "/invoice.paid", "{\"description\": \"paid in full\", \"schema\": {\"properties\": {\"amount\": {\"minimum\": 5}}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode view = body(r);
        assertThat(view.get("description").asText()).isEqualTo("paid in full");
        assertThat(view.get("revision").asInt()).isEqualTo(2);
        assertThat(view.get("examples")).as("left out: kept").isEqualTo(JSON.readTree("[{\"amount\": 5}]"));
        Validation after = catalog.validate("invoice.paid", JSON.readTree("{\"amount\": 3}"));
        assertThat(after).isInstanceOfSatisfying(Validation.Violations.class,
                v -> assertThat(v.violations()).extracting(x -> x.path() + " " + x.rule()).containsExactly("/amount minimum"));

        HttpResponse<String> removed = patch(TYPES + "/invoice.paid", "{\"schema\": null}");
        assertThat(body(removed).get("schema").isNull()).isTrue();
        assertThat(catalog.validate("invoice.paid", JSON.readTree("\"anything\"")).accepted()).isTrue();
        assertThat(patch(TYPES + "/invoice.none", "{}").statusCode()).isEqualTo(404);
        assertThat(body(patch(TYPES + "/invoice.paid", "{\"name\": \"other\"}")).get("parameter").asText()).isEqualTo("name");
    }

    @Test
    void theApiNeedsAKey() throws Exception {
        HttpResponse<String> noKey = request(port, "GET", TYPES, Map.of());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    /** The type in docs/outbound.md is created as documented, and the documented bad payload gets the documented errors. */
    @Test
    void theDocumentedExamplesRun() throws Exception {
        String page = Files.readString(RepoFiles.find("docs/outbound.md"));
        String type = block(page, "event-type");
        HttpResponse<String> created = postJson(port, TYPES, type);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Matcher bad = Pattern.compile("Publishing `(\\{.*?})` as\\s+`([a-z.]+)`", Pattern.DOTALL).matcher(page);
        assertThat(bad.find()).isTrue();
        Validation v = new EventTypeCatalog(running.store()).validate(bad.group(2), JSON.readTree(bad.group(1)));
        assertThat(v).isInstanceOf(Validation.Violations.class);
        Validation.Violations violations = (Validation.Violations) v;

        // The documented problem is what the helper publish calls writes for these violations ("..." stands for a message).
        Javalin app = Javalin.create(c -> c.routes.post("/api/v1/apps/{app}/messages",
                ctx -> Problem.schemaViolations(ctx, violations.eventType(), violations.violations()))).start("127.0.0.1", 0);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/apps/shop/messages"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            ObjectNode answered = (ObjectNode) body(r);
            assertThat(answered.get("detail").asText()).contains("'invoice.paid'");
            answered.withArray("errors").forEach(e -> ((ObjectNode) e).put("message", "..."));
            JsonNode documented = JSON.readTree(block(page, "problem"));
            documented.properties().forEach(field -> assertThat(answered.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue()));
        } finally {
            app.stop();
        }
    }

    private static String block(String markdown, String tag) {
        Matcher m = Pattern.compile("```json " + tag + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(m.find()).as("a ```json " + tag + " block").isTrue();
        return m.group(1);
    }

    private static List<String> names(HttpResponse<String> r) throws Exception {
        List<String> names = new ArrayList<>();
        body(r).get("items").forEach(i -> names.add(i.get("name").asText()));
        return names;
    }
}
