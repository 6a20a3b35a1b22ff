package dev.junction.engine.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.verify.Canary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The door over a real socket: {@code POST {base}/in/{source}} with the canary's headers, as its provider would send
 * it, so the gateway's HTTP layer, body limit, rate limit, verification and dedupe all take part. The JDK's client is
 * enough for one request per probe per interval.
 */
public final class HttpDoor implements Door {

    /** A door that takes longer than this to answer has failed the canary (the SLA is usually far shorter anyway). */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<URI> base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

    /** @param base the gateway's own listener, e.g. http://127.0.0.1:8080 (known once the server has started) */
    public HttpDoor(Supplier<URI> base) {
        this.base = base;
    }

    @Override
    public Answer knock(String source, Canary canary) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve("/in/" + source)).timeout(TIMEOUT)
                .header("Content-Type", Canary.CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(canary.body()));
        canary.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), messageId(response.body()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        } catch (Exception e) {
            return new Answer(0, null, e.getClass().getSimpleName());
        }
    }

    private static String messageId(String body) {
        try {
            JsonNode id = JSON.readTree(body).get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
