package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.core.config.EventTypeSpec;
import java.util.Optional;

/** Reads the type of a source's event (e.g. {@code payment_intent.succeeded}), which routes filter on. */
public final class EventTypes {

    /** Longer values are not kept as a type: a type names a kind of event, and a hostile one must not bloat the index. */
    public static final int MAX_LENGTH = 200;

    private EventTypes() {}

    /**
     * The configured header or JSON pointer's value, when the source has one; else the scheme's own. Empty
     * when that is absent, not a string, blank or longer than {@link #MAX_LENGTH}: an event without a type
     * is still accepted (only routes that filter on the type leave it out).
     *
     * @param spec the source's type settings; null means {@link EventTypeSpec#DEFAULT}
     * @throws IllegalArgumentException when the configured JSON pointer is not valid syntax
     */
    public static Optional<String> of(WebhookRequest req, Verifier verifier, EventTypeSpec spec) {
        EventTypeSpec where = spec == null ? EventTypeSpec.DEFAULT : spec;
        Optional<String> type;
        if (where.header() != null) {
            type = req.header(where.header()).map(String::trim);
        } else if (where.jsonPointer() != null) {
            type = JsonBodyText.at(req.body(), compile(where.jsonPointer()));
        } else {
            type = verifier == null ? Optional.empty() : verifier.eventType(req);
        }
        return type.filter(t -> !t.isBlank() && t.length() <= MAX_LENGTH);
    }

    private static JsonPointer compile(String pointer) {
        try {
            return JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type json-pointer '" + pointer + "' is not a valid JSON Pointer (e.g. /type)");
        }
    }
}
