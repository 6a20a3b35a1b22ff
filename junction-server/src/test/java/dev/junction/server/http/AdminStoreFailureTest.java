package dev.junction.server.http;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.TestGateways;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot write (another process holds SQLite's write lock past busy_timeout) makes an admin write
 * answer 503 store-unavailable with Retry-After, as the ingest door does, not 500; once the lock is gone the same
 * request works.
 */
class AdminStoreFailureTest {

    @TempDir
    Path dir;

    @Test
    void anAdminWriteTheStoreCannotTakeIs503WithRetryAfter() throws Exception {
        try (Downstream downstream = new Downstream()) {
            String yaml = TestGateways.yaml(dir, downstream.url(), 0, "").replace("junction.db\"", "junction.db?busy_timeout=100\"");
            assertThat(yaml).contains("busy_timeout=100");
            Gateway gateway = Gateway.start(TestGateways.config(yaml), Clock.systemUTC(), GatewayUnderTest.ADMIN_ENV);
            try {
                String pause = "/api/v1/destinations/billing/pause?reason=maintenance";
                Map<String, String> key = Map.of("Authorization", "Bearer " + ADMIN_KEY);
                HttpResponse<String> r;
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("junction.db")); Statement s = other.createStatement()) {
                    s.execute("BEGIN EXCLUSIVE");
                    r = TestGateways.request(gateway.port(), "POST", pause, key);
                    s.execute("ROLLBACK");
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                JsonNode problem = new ObjectMapper().readTree(r.body());
                assertThat(problem.get("type").asText()).isEqualTo("/problems/store-unavailable");
                assertThat(problem.get("status").asInt()).isEqualTo(503);

                HttpResponse<String> again = TestGateways.request(gateway.port(), "POST", pause, key);
                assertThat(again.statusCode()).as(again.body()).isBetween(200, 204);
                assertThat(TestGateways.get(gateway.port(), "/api/v1/destinations/billing").body()).contains("\"paused\":true");
            } finally {
                gateway.close();
            }
        }
    }
}
