package dev.junction.core.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC, digest and encoding primitives every scheme shares, so none re-implements them. */
final class Hmac {

    static final String SHA256 = "HmacSHA256";

    private static final HexFormat HEX = HexFormat.of();

    private Hmac() {}

    /**
     * The MAC of the concatenation of {@code parts}. Parts are fed one by one, so a body is signed as raw
     * bytes and never decoded to a String (which would mangle non-UTF-8 payloads).
     */
    static byte[] compute(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] part : parts) mac.update(part);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Only the algorithm name is reported: the key must never reach a message or a log.
            throw new IllegalStateException("cannot compute " + algorithm);
        }
    }

    /** The MAC length of {@code algorithm} in bytes; also checks that the JDK supports it. */
    static int length(String algorithm) {
        try {
            return Mac.getInstance(algorithm).getMacLength();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported HMAC algorithm " + algorithm);
        }
    }

    /**
     * Whether any candidate equals the MAC under any key. Every pair is compared, in constant time
     * ({@link MessageDigest#isEqual}), so the timing reveals neither how much of a forged signature
     * was right nor which key matched.
     */
    static boolean anyMatches(String algorithm, List<byte[]> keys, List<byte[]> candidates, byte[]... parts) {
        boolean matched = false;
        for (byte[] key : keys) {
            byte[] expected = compute(algorithm, key, parts);
            for (byte[] candidate : candidates) matched |= MessageDigest.isEqual(expected, candidate);
        }
        return matched;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Hex (either case) to bytes; empty when the text is not hex. */
    static Optional<byte[]> parseHex(String text) {
        try {
            return Optional.of(HEX.parseHex(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Standard or URL-safe base64 to bytes; empty when the text is neither. */
    static Optional<byte[]> parseBase64(String text) {
        Base64.Decoder decoder = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                ? Base64.getUrlDecoder() : Base64.getDecoder();
        try {
            return Optional.of(decoder.decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
