package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.GatewayUnderTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the routes the gateway registers under /api/v1 and /portal/api must name the same
 * endpoints: an endpoint added without documentation, or documented but gone, fails the build.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @TempDir
    Path dir;

    private GatewayUnderTest running;
    private JsonNode document;

    @BeforeEach
    void start() throws Exception {
        running = GatewayUnderTest.start(dir);
        HttpResponse<String> r = request(running.port(), "GET", "/api/v1/openapi.json", Map.of());
        assertThat(r.statusCode()).as("served without a key").isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        document = new ObjectMapper().readTree(r.body());
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }));
        return operations;
    }

    @Test
    void everyRouteUnderApiV1AndThePortalApiIsDocumentedAndEveryDocumentedOneExists() {
        Set<String> registered = new TreeSet<>();
        running.gateway().routes().stream().filter(r -> r.path().startsWith("/api/v1/") || r.path().startsWith("/portal/api/"))
                .forEach(r -> registered.add(r.method().toUpperCase(Locale.ROOT) + " " + r.path()));
        assertThat(registered).as("routes registered in Javalin").contains("GET /api/v1/dead-letters", "POST /api/v1/destinations/{name}/pause",
                "POST /api/v1/apps/{app}/portal-links", "GET /portal/api/endpoints/{id}");

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented());
        assertThat(undocumented).as("registered but not in openapi.yaml: document them").isEmpty();
        Set<String> missing = new TreeSet<>(documented());
        missing.removeAll(registered);
        assertThat(missing).as("in openapi.yaml but not registered").isEmpty();
    }

    @Test
    void theDocumentIsOpenApi31WithTheBearerSchemeAndEveryGuardedOperationAnswers401AsAProblem() {
        assertThat(document.get("openapi").asText()).startsWith("3.1.");
        JsonNode schemes = document.at("/components/securitySchemes");
        assertThat(schemes.at("/bearer/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/apiKeyHeader/name").asText()).isEqualTo("X-Api-Key");
        assertThat(document.at("/components/responses/Unauthorized/content").has("application/problem+json")).isTrue();

        assertThat(schemes.at("/portalToken/scheme").asText()).isEqualTo("bearer");
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            boolean portal = op.getValue().at("/security/0").has("portalToken");
            assertThat(portal).as(op.getKey() + " " + path.getKey() + ": the portal's token, and only on its routes")
                    .isEqualTo(path.getKey().startsWith("/portal/api/"));
            if (portal) {
                // A portal token is for one application, with no roles: no 403.
                assertThat(op.getValue().at("/responses/401/$ref").asText()).as(op.getKey() + " " + path.getKey())
                        .isEqualTo("#/components/responses/PortalUnauthorized");
            } else if (!open) {
                assertThat(op.getValue().at("/responses/401/$ref").asText()).as(op.getKey() + " " + path.getKey())
                        .isEqualTo("#/components/responses/Unauthorized");
            }
            if (!open && !portal && !op.getKey().equals("get")) {
                assertThat(op.getValue().at("/responses/403/$ref").asText()).as(op.getKey() + " " + path.getKey() + ": read keys get 403")
                        .isEqualTo("#/components/responses/Forbidden");
            }
        }));
    }
}
