package dev.junction.core.verify;

/**
 * A verified request's dedupe key, or why it cannot have the one its source promises. A request whose
 * key should be in it but is not is refused rather than keyed by its body's hash: a hash would take a
 * sender's retry of a reworded event for a new event, and two different broken events for one.
 */
public sealed interface DedupeKey {

    /** The key under which retries of the request are recognised. */
    record Key(String value) implements DedupeKey {}

    /**
     * The source says where the key is, and it is not usably there.
     *
     * @param detail what is wrong, naming at most the pointer or header and a JSON type: never body content
     */
    record Malformed(Reason reason, String detail) implements DedupeKey {}

    /** Why a payload has no usable key; the slug is used in metric labels and problem details. */
    enum Reason {
        /** The body is not one JSON value in UTF-8. */
        NOT_JSON("not-json"),
        /** The pointer or header is absent, or the value is JSON null. */
        KEY_MISSING("key-missing"),
        /** The value is an empty or blank string. */
        KEY_EMPTY("key-empty"),
        /** The value is an object, an array or a boolean: not a string or number; or a string that is not Unicode text. */
        KEY_WRONG_TYPE("key-wrong-type");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() { return slug; }
    }
}
