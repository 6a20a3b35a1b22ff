package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The admin API over a real socket, with the test's bootstrap admin key: each call asserts its status. */
final class AdminHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    /** Calls {@code method path} with a JSON body (or none) and returns the answer's JSON (null when empty). */
    JsonNode call(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    /** Creates an endpoint of {@code app} and returns its id. */
    String endpoint(String app, String json) throws Exception {
        return call("POST", "/api/v1/apps/" + app + "/endpoints", json, 201).get("id").asText();
    }

    String secret(String app, String endpoint) throws Exception {
        return call("GET", "/api/v1/apps/" + app + "/endpoints/" + endpoint + "/secret", null, 200).get("key").asText();
    }

    /** Publishes and returns the message id. */
    String publish(String app, String json) throws Exception {
        return call("POST", "/api/v1/apps/" + app + "/messages", json, 202).get("id").asText();
    }
}
