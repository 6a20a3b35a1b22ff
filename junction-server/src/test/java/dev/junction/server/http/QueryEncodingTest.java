package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query parameter whose percent-encoding is broken, over real sockets on SQLite: the server's parser reads its value
 * as empty, so {@code dedupe_key=50%} or {@code source=%zz} used to be no filter at all and listed every message. It is
 * a 400 naming the parameter, as any other bad parameter is.
 */
class QueryEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Downstream receiver;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (receiver != null) receiver.close();
    }

    @Test
    void aBrokenPercentEscapeIsRefusedNotIgnored() throws Exception {
        receiver = new Downstream();
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s" }
                routes:
                  - { from: stripe, to: [billing] }
                """.formatted(receiver.url())));
        int port = gateway.port();
        for (String id : new String[] {"evt_a", "evt_b"}) assertThat(postStripe(port, stripeEvent(id)).statusCode()).isEqualTo(202);

        for (String target : new String[] {"/api/v1/messages?dedupe_key=evt_a%", "/api/v1/messages?source=%zz",
                "/api/v1/messages?limit=5&status=dead%2", "/api/v1/messages?limit=5%", "/api/v1/deliveries?destination=bil%zzling"}) {
            // Sent as written: Java's HTTP client refuses to send a malformed escape, a browser or curl does not.
            String answer = raw(port, target);
            assertThat(answer).as(target).startsWith("HTTP/1.1 400 ");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
            JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("type").asText()).isEqualTo("/problems/bad-parameter");
            String query = target.substring(target.lastIndexOf('?') + 1);
            String last = query.substring(query.lastIndexOf('&') + 1);
            assertThat(problem.get("parameter").asText()).isEqualTo(last.substring(0, last.indexOf('=')));
        }

        // A bad escape in the path itself is refused by Jetty before any route: problem+json and a Trace-Id all the same,
        // not Jetty's HTML page; nothing stored.
        for (String target : new String[] {"/in/str%zzipe", "/in/stripe%", "/health/live%zz"}) {
            String answer = raw(port, target);
            assertThat(answer).as(target).startsWith("HTTP/1.1 400 ");
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).as(target).contains("content-type: application/problem+json").containsPattern("trace-id: [0-9a-f]{32}");
            JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("type").asText()).isEqualTo("/problems/bad-request");
            assertThat(problem.get("status").asInt()).isEqualTo(400);
        }

        // Well-formed escapes are read as before: %25 is a percent sign, %5F an underscore.
        JsonNode one = JSON.readTree(get(port, "/api/v1/messages?dedupe_key=evt%5Fa").body());
        assertThat(one.get("items")).hasSize(1);
        assertThat(JSON.readTree(get(port, "/api/v1/messages?dedupe_key=evt_a%25").body()).get("items")).isEmpty();
        assertThat(JSON.readTree(get(port, "/api/v1/messages?source=stripe&limit=1").body()).get("items")).hasSize(1);
    }

    private static String raw(int port, String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
