package dev.junction.engine.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.core.config.EnrichSpec;
import dev.junction.core.net.UserAgent;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.engine.net.BoundedAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One route's enrichment: GET the URL its template makes of the event, and put the JSON answer at
 * {@code into}. Answers are kept for {@code cache} per URL (Caffeine), so a burst of events about one customer
 * costs one request. The fetch is part of the delivery's attempt: a failure is the attempt's failure, retried
 * and counted by the destination's breaker like any other.
 */
public final class Enricher {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** URLs answered at once; each holds one small JSON document. */
    private static final int CACHE_ENTRIES = 10_000;

    private final EnrichSpec spec;
    private final UrlTemplate url;
    private final com.fasterxml.jackson.core.JsonPointer into;
    private final HttpClient client;
    private final Cache<URI, JsonNode> answers;

    public Enricher(EnrichSpec spec, HttpClient client) {
        this.spec = spec;
        this.url = new UrlTemplate(spec.url());
        this.into = com.fasterxml.jackson.core.JsonPointer.compile(spec.into());
        this.client = client;
        this.answers = spec.cache() == null ? null
                : Caffeine.newBuilder().expireAfterWrite(spec.cache()).maximumSize(CACHE_ENTRIES).build();
    }

    /** {@code event} (a JSON object) with the answer for it at {@code into}; the event itself is not changed. */
    public JsonNode enrich(JsonNode event) {
        if (!event.isObject()) throw new EnrichFailure("enrichment needs a JSON object to put the answer into", true);
        URI target;
        try {
            target = url.expand(event);
        } catch (IllegalArgumentException e) {
            throw new EnrichFailure(e.getMessage(), true);
        }
        JsonNode answer = answers == null ? null : answers.getIfPresent(target);
        if (answer == null) {
            answer = fetch(target);
            if (answers != null) answers.put(target, answer);
        }
        ObjectNode copy = ((ObjectNode) event).deepCopy();
        put(copy, answer);
        return copy;
    }

    private JsonNode fetch(URI target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(spec.timeout()).header("Accept", "application/json")
                .header(UserAgent.HEADER, UserAgent.JUNCTION).GET();
        spec.headers().forEach(request::setHeader); // configured headers replace the defaults of the same name
        HttpResponse<byte[]> response;
        try {
            response = BoundedAnswer.receive(client, request.build(), spec.timeout(), BoundedAnswer.MAX_BYTES);
        } catch (IOException e) {
            throw new EnrichFailure("GET " + url + " failed: " + OutcomeClassifier.errorKind(e), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrichFailure("GET " + url + " was interrupted", false);
        }
        OutcomeClass outcome = OutcomeClassifier.ofStatus(response.statusCode());
        if (outcome != OutcomeClass.SUCCESS) {
            throw new EnrichFailure("GET " + url + " answered " + response.statusCode(), outcome == OutcomeClass.PERMANENT);
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer != null && answer.isContainerNode()) return answer;
        } catch (IOException e) {
            // said below
        }
        throw new EnrichFailure("GET " + url + " answered " + response.statusCode() + " without a JSON object or array", true);
    }

    /** Sets {@code answer} at {@code into}, making the objects on the way that are missing. */
    private void put(ObjectNode root, JsonNode answer) {
        ObjectNode parent = root;
        com.fasterxml.jackson.core.JsonPointer p = into;
        while (!p.tail().matches()) {
            JsonNode next = parent.get(p.getMatchingProperty());
            if (next == null || next.isNull()) {
                next = parent.putObject(p.getMatchingProperty());
            } else if (!next.isObject()) {
                throw new EnrichFailure("the event has a value that is not an object on the way to " + into, true);
            }
            parent = (ObjectNode) next;
            p = p.tail();
        }
        parent.set(p.getMatchingProperty(), answer);
    }
}
