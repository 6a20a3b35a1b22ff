package dev.junction.core.idempotency;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hex SHA-256 of a request as an idempotency key compares it: method, path (with its query) and body. A
 * JSON body counts in canonical form (object keys sorted, no whitespace, decimals exact), so a retry that
 * re-serialised the same object matches; any other body counts byte for byte.
 */
public final class RequestFingerprint {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestFingerprint() {}

    /** The fingerprint of one request; {@code pathAndQuery} as sent, e.g. {@code /orders?dry=1}. */
    public static String of(String method, String pathAndQuery, byte[] body) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        canonical.writeBytes((method + "\n" + pathAndQuery + "\n").getBytes(StandardCharsets.UTF_8));
        canonical.writeBytes(canonicalBody(body));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A JSON body in canonical form; any other body as it is. */
    public static byte[] canonicalBody(byte[] body) {
        if (body.length == 0) return body;
        try {
            Object value = CANONICAL.readValue(body, Object.class);
            return CANONICAL.writeValueAsBytes(value);
        } catch (JacksonException e) {
            return body;
        } catch (java.io.IOException e) {
            return body;
        }
    }
}
