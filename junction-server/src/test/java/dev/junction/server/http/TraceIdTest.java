package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.GatewayUnderTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer names its trace, whatever the endpoint and whether it succeeded. */
class TraceIdTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Map<String, String> TRACEPARENT = Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01",
            "Authorization", "Bearer " + ADMIN_KEY);

    @TempDir
    Path dir;

    private GatewayUnderTest running;

    @BeforeEach
    void start() throws Exception {
        running = GatewayUnderTest.start(dir);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private static final List<String[]> REQUESTS = List.of(
            new String[] {"GET", "/health/live"},             // health
            new String[] {"GET", "/metrics"},                 // metrics
            new String[] {"GET", "/api/v1/stats"},            // admin API
            new String[] {"GET", "/api/v1/messages/msg_nope"}, // admin API problem (404)
            new String[] {"GET", "/nowhere"},                 // no such endpoint
            new String[] {"DELETE", "/in/stripe"});           // wrong method

    @Test
    void aTraceparentsTraceIdIsAnsweredByEveryKindOfResponse() throws Exception {
        for (String[] r : REQUESTS) {
            HttpResponse<String> response = request(running.port(), r[0], r[1], TRACEPARENT);
            assertThat(response.headers().firstValue("Trace-Id")).as(r[0] + " " + r[1] + " (" + response.statusCode() + ")").contains(TRACE);
        }
    }

    @Test
    void withoutATraceparentEachResponseGetsANewTraceId() throws Exception {
        for (String[] r : REQUESTS) {
            HttpResponse<String> response = request(running.port(), r[0], r[1], Map.of());
            assertThat(response.headers().firstValue("Trace-Id")).as(r[0] + " " + r[1] + " (" + response.statusCode() + ")")
                    .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(TRACE));
        }
        HttpResponse<String> refused = request(running.port(), "GET", "/api/v1/stats", Map.of());
        assertThat(refused.statusCode()).as("a refusal for want of a key").isEqualTo(401);
        assertThat(refused.headers().firstValue("Trace-Id")).isPresent()
                .isNotEqualTo(request(running.port(), "GET", "/api/v1/stats", Map.of()).headers().firstValue("Trace-Id"));
    }
}
