package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.DedupeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Picks the key under which a source's retries of one webhook are recognised as duplicates. */
public final class DedupeKeys {

    /** Longer keys are hashed, so a hostile header or body field cannot bloat the dedupe index. */
    static final int MAX_LENGTH = 200;
    static final String HASH_PREFIX = "sha256:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DedupeKeys() {}

    /**
     * The configured header or JSON pointer when the request has it; else the scheme's own key; else the
     * SHA-256 of the body (so byte-identical redeliveries still collapse).
     *
     * @param spec the source's dedupe settings; null means {@link DedupeSpec#DEFAULT}
     * @throws IllegalArgumentException when the configured JSON pointer is not valid syntax
     */
    public static String of(WebhookRequest req, Verifier verifier, DedupeSpec spec) {
        DedupeSpec dedupe = spec == null ? DedupeSpec.DEFAULT : spec;
        Optional<String> configured = Optional.empty();
        if (dedupe.header() != null) {
            configured = req.header(dedupe.header()).map(String::trim).filter(v -> !v.isEmpty());
        }
        if (configured.isEmpty() && dedupe.jsonPointer() != null) {
            configured = jsonValue(req.body(), dedupe.jsonPointer());
        }
        String key = configured
                .or(() -> verifier == null ? Optional.empty() : verifier.dedupeKey(req))
                .orElseGet(() -> HASH_PREFIX + Hmac.sha256Hex(req.body()));
        return key.length() > MAX_LENGTH ? HASH_PREFIX + Hmac.sha256Hex(key.getBytes(StandardCharsets.UTF_8)) : key;
    }

    /**
     * The value at {@code pointer} in a JSON body: a string as-is, any other value as its JSON text.
     * Empty when the body is not JSON or the value is absent, null or blank: a non-JSON body is normal
     * (form posts), not an error. If a key repeats, its first occurrence counts.
     *
     * <p>The body is streamed, not built into a tree: only the value at the pointer is materialised, and
     * the rest is only tokenised (so a body that is not JSON throughout still has no key). Building the
     * whole tree was about 5% of the gateway's CPU at full ingest (JFR, bench ingest phase).
     */
    static Optional<String> jsonValue(byte[] body, String pointer) {
        JsonPointer path = compile(pointer);
        try (JsonParser parser = JSON.createParser(body)) {
            JsonParser atPointer = new FilteringParserDelegate(parser, new JsonPointerBasedFilter(path),
                    TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false);
            JsonNode node = atPointer.nextToken() == null ? null : JSON.readTree(atPointer);
            while (parser.nextToken() != null) {
                // the rest of the body: tokenised only to check it is JSON
            }
            if (node == null || node.isNull()) return Optional.empty();
            String value = node.isTextual() ? node.textValue() : node.toString();
            return value.isBlank() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static JsonPointer compile(String pointer) {
        try {
            return JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dedupe json-pointer '" + pointer + "' is not a valid JSON Pointer (e.g. /id)");
        }
    }
}
