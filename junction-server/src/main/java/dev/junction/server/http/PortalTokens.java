package dev.junction.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of consumer portal links (ADR 0020): stateless, {@code jpt_<payload>.<signature>}, both base64url.
 * The payload is {@code v1:<application id>:<expiry in epoch seconds>:<nonce>}; the signature is HMAC-SHA256 of
 * {@code jpt_<payload>} under the portal key, which every node of a cluster shares ({@link PortalKey}). A token
 * names exactly one application and is good until its expiry; nothing about it is stored.
 */
final class PortalTokens {

    static final String PREFIX = "jpt_";
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MAX_TTL = Duration.ofHours(24);
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    /** A token is a few dozen characters; anything far longer is refused before any work is done on it. */
    private static final int MAX_LENGTH = 512;
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_]{1,100}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    /** What a presented token turned out to be. */
    sealed interface Verdict {
        record Valid(String appId, Instant expiresAt) implements Verdict {}

        /** Signed by this gateway, for an application, but past its expiry. */
        record Expired(Instant expiresAt) implements Verdict {}

        /** Not a token, not signed with the portal key, or altered. */
        record Invalid() implements Verdict {}
    }

    record Issued(String token, Instant expiresAt) {}

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PortalTokens(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
    }

    /** A token for the application, good for {@code ttl} (whole seconds) from now. */
    Issued issue(String appId, Duration ttl) {
        if (!APP_ID.matcher(appId).matches()) throw new IllegalArgumentException("not an application id: " + appId);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) throw new IllegalArgumentException("ttl out of range: " + ttl);
        Instant expiresAt = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String payload = VERSION + ":" + appId + ":" + expiresAt.getEpochSecond() + ":" + HexFormat.of().formatHex(nonce);
        String signed = PREFIX + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return new Issued(signed + "." + B64.encodeToString(mac(signed)), expiresAt);
    }

    /** The signature is checked (in constant time) before anything in the payload is believed. */
    Verdict verify(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) return new Verdict.Invalid();
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) return new Verdict.Invalid();
        String signed = token.substring(0, dot);
        byte[] signature;
        String payload;
        try {
            signature = UNB64.decode(token.substring(dot + 1));
            payload = new String(UNB64.decode(signed.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Verdict.Invalid();
        }
        if (!MessageDigest.isEqual(mac(signed), signature)) return new Verdict.Invalid();
        String[] parts = payload.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !APP_ID.matcher(parts[1]).matches()) return new Verdict.Invalid();
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            return new Verdict.Invalid();
        }
        return clock.instant().isBefore(expiresAt) ? new Verdict.Valid(parts[1], expiresAt) : new Verdict.Expired(expiresAt);
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
