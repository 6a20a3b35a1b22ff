package dev.junction.core.verify;

import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A generic HMAC scheme for providers without a preset: the signature header, algorithm, encoding,
 * prefix, an optional timestamp header and the signed-content template all come from
 * {@link VerifySpec.HmacOptions}.
 */
final class HmacScheme extends AbstractHmacScheme {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "hmacsha256", "HmacSHA256", "hmacsha1", "HmacSHA1", "hmacsha512", "HmacSHA512");
    private static final String TIMESTAMP = "{timestamp}";
    private static final String BODY = "{body}";

    /** One piece of the signed content: literal text, the timestamp header's value, or the body. */
    private sealed interface Part {}
    private record Literal(byte[] bytes) implements Part {}
    private enum Placeholder implements Part { TIMESTAMP_VALUE, BODY_BYTES }

    private final VerifySpec.HmacOptions options;
    private final boolean base64;
    private final List<Part> template;

    HmacScheme(List<String> secrets, Duration tolerance, VerifySpec.HmacOptions options) {
        super("hmac", algorithmOf(options), utf8Keys("hmac", secrets), tolerance);
        this.options = options;
        this.base64 = switch (options.encoding().toLowerCase(Locale.ROOT)) {
            case "hex" -> false;
            case "base64" -> true;
            default -> throw new IllegalArgumentException(
                    "hmac encoding must be hex or base64, was '" + options.encoding() + "'");
        };
        this.template = parse(options.template(), options.timestampHeader() != null);
    }

    @Override
    public List<String> signatureHeaders() {
        return options.timestampHeader() == null ? List.of(options.header())
                : List.of(options.header(), options.timestampHeader());
    }

    @Override
    Extracted extract(WebhookRequest request) {
        Optional<String> header = header(request, options.header());
        if (header.isEmpty()) return reject(Reason.MISSING_SIGNATURE);
        String value = header.get();
        String prefix = options.prefix();
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) return malformed("it does not start with the configured prefix");
        String encoded = value.substring(prefix.length()).trim();
        Optional<byte[]> signature = base64 ? Hmac.parseBase64(encoded) : Hmac.parseHex(encoded);
        if (signature.isEmpty()) return malformed("the signature is not " + (base64 ? "base64" : "hex"));

        String timestamp = null;
        OptionalLong seconds = OptionalLong.empty();
        if (options.timestampHeader() != null) {
            Optional<String> sent = header(request, options.timestampHeader());
            if (sent.isEmpty()) return reject(Reason.MISSING_SIGNATURE);
            timestamp = sent.get();
            seconds = unixSeconds(timestamp);
            if (seconds.isEmpty()) return malformed("the timestamp header is not unix seconds");
        }
        return new Signed(List.of(signature.get()), content(request.body(), timestamp), seconds);
    }

    /** The signed bytes: template pieces concatenated, the body included as received. */
    private byte[][] content(byte[] body, String timestamp) {
        byte[][] content = new byte[template.size()][];
        for (int i = 0; i < content.length; i++) {
            content[i] = switch (template.get(i)) {
                case Literal l -> l.bytes();
                case Placeholder p -> p == Placeholder.TIMESTAMP_VALUE ? utf8(timestamp) : body;
            };
        }
        return content;
    }

    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        return Optional.empty();
    }

    /** The JDK name of the options' algorithm; also what a canary is signed with. */
    static String algorithmOf(VerifySpec.HmacOptions options) {
        if (options == null) throw new IllegalArgumentException("scheme hmac needs hmac options (at least a header)");
        String algorithm = ALGORITHMS.get(options.algorithm().toLowerCase(Locale.ROOT));
        if (algorithm == null) {
            throw new IllegalArgumentException("hmac algorithm must be one of HmacSHA256, HmacSHA1, HmacSHA512, was '"
                    + options.algorithm() + "'");
        }
        return algorithm;
    }

    private static List<Part> parse(String template, boolean hasTimestamp) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        boolean signsBody = false;
        boolean signsTimestamp = false;
        while (at < template.length()) {
            int t = template.indexOf(TIMESTAMP, at);
            int b = template.indexOf(BODY, at);
            int next = t < 0 ? b : (b < 0 ? t : Math.min(t, b));
            if (next < 0) next = template.length();
            if (next > at) parts.add(new Literal(utf8(template.substring(at, next))));
            if (next == template.length()) break;
            if (next == t) {
                if (!hasTimestamp) throw new IllegalArgumentException("hmac template uses {timestamp} but no timestamp header is set");
                parts.add(Placeholder.TIMESTAMP_VALUE);
                signsTimestamp = true;
                at = next + TIMESTAMP.length();
            } else {
                parts.add(Placeholder.BODY_BYTES);
                signsBody = true;
                at = next + BODY.length();
            }
        }
        // A template without {body} would accept any body under a valid signature.
        if (!signsBody) throw new IllegalArgumentException("hmac template must contain {body}");
        // An unsigned timestamp could be rewritten by anyone, so checking its freshness would prove nothing.
        if (hasTimestamp && !signsTimestamp) {
            throw new IllegalArgumentException("hmac template must contain {timestamp} when a timestamp header is set");
        }
        return List.copyOf(parts);
    }
}
