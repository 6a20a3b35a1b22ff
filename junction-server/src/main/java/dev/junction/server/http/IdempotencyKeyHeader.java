package dev.junction.server.http;

/**
 * Reads the {@code Idempotency-Key} header: an RFC 8941 sf-string (canonical, e.g. {@code "8e03978e-..."}), or,
 * leniently, a bare value without quotes. Parameters after the string ({@code ;a=1}) are ignored, as RFC 8941 asks.
 */
final class IdempotencyKeyHeader {

    static final String NAME = "Idempotency-Key";
    /** As Stripe: long enough for a UUID or a client's own composite key. */
    static final int MAX_LENGTH = 255;

    /** Why a header value is not a key; the message is the problem's detail. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private IdempotencyKeyHeader() {}

    /** The key in {@code value}; {@link Invalid} when it is malformed, empty or too long. */
    static String parse(String value) {
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
        if (key.length() > MAX_LENGTH) {
            throw new Invalid("The key must be at most " + MAX_LENGTH + " characters, but was " + key.length() + ".");
        }
        return key;
    }

    /** A character of an unquoted key: visible ASCII other than what would make it ambiguous. */
    private static boolean bare(char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ',' && c != ';';
    }
}
