package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.core.config.DedupeSpec;
import dev.junction.core.verify.DedupeKey.Key;
import dev.junction.core.verify.DedupeKey.Malformed;
import dev.junction.core.verify.DedupeKey.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Picks the key under which a source's retries of one webhook are recognised as duplicates. */
public final class DedupeKeys {

    /** Longer keys are hashed, so a hostile header or body field cannot bloat the dedupe index. */
    static final int MAX_LENGTH = 200;
    static final String HASH_PREFIX = "sha256:";

    private static final String CONFIGURED = "this source's dedupe.%s names it as the dedupe key";

    private DedupeKeys() {}

    /**
     * The configured header or JSON pointer, when the source has one; else the scheme's own key; else,
     * only when neither names a key for the request, the SHA-256 of the body (so byte-identical
     * redeliveries still collapse). A named key that the request lacks or that is not a non-empty string
     * or number is {@link Malformed}: the configured key is never replaced by the scheme's, nor either by
     * the body's hash, because retries keyed two ways would no longer be recognised as one event.
     *
     * @param spec the source's dedupe settings; null means {@link DedupeSpec#DEFAULT}
     * @throws IllegalArgumentException when the configured JSON pointer is not valid syntax
     */
    public static DedupeKey of(WebhookRequest req, Verifier verifier, DedupeSpec spec) {
        DedupeSpec dedupe = spec == null ? DedupeSpec.DEFAULT : spec;
        DedupeKey key;
        if (dedupe.header() != null) {
            key = header(req, dedupe.header());
        } else if (dedupe.jsonPointer() != null) {
            key = JsonBodyKey.read(req.body(), compile(dedupe.jsonPointer()), CONFIGURED.formatted("json-pointer"));
        } else {
            key = (verifier == null ? Optional.<DedupeKey>empty() : verifier.dedupeKey(req))
                    .orElseGet(() -> new Key(HASH_PREFIX + Hmac.sha256Hex(req.body())));
        }
        if (key instanceof Key(String value) && value.length() > MAX_LENGTH) {
            return new Key(HASH_PREFIX + Hmac.sha256Hex(value.getBytes(StandardCharsets.UTF_8)));
        }
        return key;
    }

    private static DedupeKey header(WebhookRequest req, String name) {
        Optional<String> value = req.header(name);
        if (value.isEmpty()) return new Malformed(Reason.KEY_MISSING, "header " + name + " is missing; " + CONFIGURED.formatted("header"));
        if (value.get().isBlank()) return new Malformed(Reason.KEY_EMPTY, "header " + name + " is empty; " + CONFIGURED.formatted("header"));
        return new Key(value.get().trim());
    }

    private static JsonPointer compile(String pointer) {
        try {
            return JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dedupe json-pointer '" + pointer + "' is not a valid JSON Pointer (e.g. /id)");
        }
    }
}
