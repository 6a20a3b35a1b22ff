package dev.junction.core.verify;

import dev.junction.core.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The checks every HMAC scheme shares. A scheme only says where its signatures and timestamp are and
 * which bytes are signed ({@link #extract}); the order of checks and the comparison live here, once.
 */
abstract class AbstractHmacScheme implements Verifier {

    /** What a scheme found in a request: either a rejection, or everything needed to check the HMAC. */
    sealed interface Extracted permits Rejected, Signed {}

    /** @param why for a malformed header, which part could not be read (never quoting it); null otherwise */
    record Rejected(Reason reason, String why) implements Extracted {}

    /**
     * @param candidates the signatures sent, already decoded; any one matching is enough
     * @param content    the signed bytes, in order (concatenated, never joined as a String)
     * @param timestamp  the signed unix-seconds timestamp, or empty for schemes without one
     */
    record Signed(List<byte[]> candidates, byte[][] content, OptionalLong timestamp) implements Extracted {}

    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{1,18}");

    private final String name;
    private final String algorithm;
    private final List<byte[]> keys;
    private final Duration tolerance;
    private final int macLength;

    AbstractHmacScheme(String name, String algorithm, List<byte[]> keys, Duration tolerance) {
        if (keys.isEmpty()) throw new IllegalArgumentException(name + " verification needs at least one secret");
        if (tolerance.isNegative()) throw new IllegalArgumentException(name + " tolerance must not be negative");
        this.name = name;
        this.algorithm = algorithm;
        this.keys = List.copyOf(keys);
        this.tolerance = tolerance;
        this.macLength = Hmac.length(algorithm);
    }

    abstract Extracted extract(WebhookRequest request);

    @Override
    public final Verification verify(WebhookRequest request, Instant now) {
        return switch (extract(request)) {
            case Rejected r -> Verification.invalid(r.reason());
            case Signed s -> check(s, now);
        };
    }

    private Verification check(Signed signed, Instant now) {
        // A signature of the wrong length cannot be this algorithm's output: it is malformed, not merely wrong.
        if (signed.candidates().isEmpty() || signed.candidates().stream().anyMatch(c -> c.length != macLength)) {
            return Verification.invalid(Reason.MALFORMED_SIGNATURE);
        }
        if (!Hmac.anyMatches(algorithm, keys, signed.candidates(), signed.content())) {
            return Verification.invalid(Reason.BAD_SIGNATURE);
        }
        // The timestamp is judged only once the signature matched: a forged request always gets
        // bad-signature, so probing with made-up timestamps tells an attacker nothing about our clock
        // or tolerance, and "stale" is only ever said of a request the provider really signed (a replay).
        if (signed.timestamp().isPresent() && !withinTolerance(signed.timestamp().getAsLong(), now)) {
            return Verification.invalid(Reason.STALE_TIMESTAMP);
        }
        return Verification.VALID;
    }

    @Override
    public String rejectionDetail(Reason reason, WebhookRequest request, Instant now) {
        Extracted extracted = extract(request);
        if (reason == Reason.STALE_TIMESTAMP && extracted instanceof Signed s && s.timestamp().isPresent()) {
            return Verification.staleDetail(s.timestamp().getAsLong(), now.getEpochSecond(), tolerance.getSeconds());
        }
        if (reason == Reason.MALFORMED_SIGNATURE) {
            if (extracted instanceof Rejected r && r.why() != null) return "The signature header could not be parsed: " + r.why() + ".";
            if (extracted instanceof Signed s) {
                return "The signature header could not be parsed: a signature in it is " + s.candidates().stream()
                        .filter(c -> c.length != macLength).findFirst().map(c -> c.length).orElse(0) + " bytes long, where "
                        + algorithm.replace("Hmac", "HMAC-") + " gives " + macLength + " (" + 2 * macLength + " hex characters).";
            }
        }
        return rejectionDetail(reason);
    }

    private boolean withinTolerance(long timestamp, Instant now) {
        // |now - t| <= tolerance, written without a subtraction that could overflow.
        long nowSeconds = now.getEpochSecond();
        long slack = tolerance.getSeconds();
        return timestamp >= nowSeconds - slack && timestamp <= nowSeconds + slack;
    }

    // Helpers for extract().

    /** A header's trimmed value; a blank header counts as absent. */
    static Optional<String> header(WebhookRequest request, String name) {
        return request.header(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Unix seconds as plain digits; empty for anything else (signs, decimals, letters). */
    static OptionalLong unixSeconds(String text) {
        return UNIX_SECONDS.matcher(text).matches() ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }

    static Extracted reject(Reason reason) {
        return new Rejected(reason, null);
    }

    /** A malformed header, with which part of it could not be read, in words that quote nothing of it. */
    static Extracted malformed(String why) {
        return new Rejected(Reason.MALFORMED_SIGNATURE, why);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Secrets used as keys verbatim (UTF-8 bytes), as Stripe, GitHub, Slack and Shopify do. */
    static List<byte[]> utf8Keys(String scheme, List<String> secrets) {
        List<byte[]> keys = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException(scheme + " secret #" + (i + 1) + " is empty");
            }
            keys.add(utf8(secret));
        }
        return keys;
    }

    @Override
    public String toString() {
        // Deliberately no secrets: only how many there are.
        return name + "[secrets=" + keys.size() + ", tolerance=" + tolerance + "]";
    }
}
