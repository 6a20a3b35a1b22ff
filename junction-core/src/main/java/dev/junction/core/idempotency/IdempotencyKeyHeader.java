package dev.junction.core.idempotency;

/**
 * Reads the {@code Idempotency-Key} header: an RFC 8941 sf-string (canonical, e.g. {@code "8e03978e-..."}), or,
 * leniently, a bare value without quotes. Parameters after the string ({@code ;a=1}) are ignored, as RFC 8941 asks.
 * The gateway's admin API and junction-client's servlet filter read it here, and the client's retries write it here.
 */
public final class IdempotencyKeyHeader {

    /** The header's name (draft-ietf-httpapi-idempotency-key-header-07). */
    public static final String NAME = "Idempotency-Key";
    /** As Stripe: long enough for a UUID or a client's own composite key. */
    public static final int MAX_LENGTH = 255;

    /** Why a header value is not a key; the message is the problem's detail. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private IdempotencyKeyHeader() {}

    /**
     * The key in a request's {@code Idempotency-Key} header {@code values} (one per header line sent).
     *
     * @throws Invalid when there is more than one header, or its value is malformed, empty or too long
     */
    public static String parseSingle(java.util.List<String> values) {
        if (values.size() != 1) throw new Invalid("Send one Idempotency-Key header, not " + values.size() + ".");
        return parse(values.get(0));
    }

    /** The key in {@code value}; {@link Invalid} when it is malformed, empty, blank or too long. */
    public static String parse(String value) {
        String v = value.strip();
        String key;
        int end;
        if (v.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            int i = 1;
            while (true) {
                if (i >= v.length()) throw new Invalid("The quoted string has no closing quote.");
                char c = v.charAt(i++);
                if (c == '"') break;
                if (c == '\\') {
                    if (i >= v.length() || (v.charAt(i) != '"' && v.charAt(i) != '\\')) {
                        throw new Invalid("Only \\\" and \\\\ may be escaped in a quoted string.");
                    }
                    c = v.charAt(i++);
                } else if (c < 0x20 || c > 0x7e) {
                    throw new Invalid("A quoted string holds only printable ASCII characters.");
                }
                out.append(c);
            }
            key = out.toString();
            end = i;
        } else {
            end = 0;
            while (end < v.length() && bare(v.charAt(end))) end++;
            key = v.substring(0, end);
        }
        if (end < v.length() && v.charAt(end) != ';') {
            throw new Invalid("The header must hold one key, a quoted string such as \"8e03978e-40d5-43e8-bc93-6894a57f9324\".");
        }
        if (key.isEmpty()) throw new Invalid("The key is empty.");
        // "   " names no operation: every client that sends it would share one key.
        if (key.isBlank()) throw new Invalid("The key is only blanks: send a fresh random value per operation, such as a UUID.");
        if (key.length() > MAX_LENGTH) {
            throw new Invalid("The key must be at most " + MAX_LENGTH + " characters, but was " + key.length() + ".");
        }
        return key;
    }

    /**
     * {@code key} as the canonical sf-string, e.g. {@code "8e03978e-..."}; quotes and backslashes escaped.
     *
     * @throws Invalid when the key is empty, too long or holds a character an sf-string cannot carry
     */
    public static String format(String key) {
        StringBuilder out = new StringBuilder(key.length() + 2).append('"');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) throw new Invalid("A key holds only printable ASCII characters.");
            if (c == '"' || c == '\\') out.append('\\');
            out.append(c);
        }
        String formatted = out.append('"').toString();
        parse(formatted);
        return formatted;
    }

    /** A character of an unquoted key: visible ASCII other than what would make it ambiguous. */
    private static boolean bare(char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ',' && c != ';';
    }
}
