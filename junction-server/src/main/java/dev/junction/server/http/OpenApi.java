package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * The OpenAPI 3.1 description of the admin API, written by hand in {@code openapi.yaml} (a resource)
 * and served as JSON at {@code GET /api/v1/openapi.json} without a key: it describes the API, it holds
 * no data. A test keeps it and the registered routes in step. It is read on the first request for it, not at
 * start: parsing its YAML took tens of milliseconds of the time before a gateway answers its first event.
 */
final class OpenApi {

    static final String PATH = "/api/v1/openapi.json";

    private volatile String json;

    private static String load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is missing from the classpath");
            JsonNode document = new YAMLMapper().readTree(in);
            return Problem.JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException("openapi.yaml is not valid YAML: " + e.getMessage(), e);
        }
    }

    void serve(Context ctx) {
        String document = json;
        if (document == null) json = document = load();
        ctx.contentType("application/json").result(document);
    }
}
