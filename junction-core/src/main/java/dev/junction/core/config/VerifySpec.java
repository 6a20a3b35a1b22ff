package dev.junction.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a source's webhooks are verified.
 *
 * @param scheme    one of stripe, github, slack, shopify, standard-webhooks, hmac, none
 * @param secrets   one or more secrets (several during rotation); any one matching is enough
 * @param tolerance how far a signed timestamp may be from now, in either direction
 * @param hmac      options for the generic {@code hmac} scheme, null for the others
 */
public record VerifySpec(String scheme, List<String> secrets, Duration tolerance, HmacOptions hmac) {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public VerifySpec {
        Objects.requireNonNull(scheme, "scheme");
        secrets = List.copyOf(secrets);
        tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    }

    /**
     * Options of the generic HMAC scheme.
     *
     * @param header          the header carrying the signature, e.g. X-Signature
     * @param algorithm       HmacSHA256 (default), HmacSHA1 or HmacSHA512
     * @param encoding        hex (default) or base64
     * @param prefix          a prefix before the encoded signature, e.g. "sha256=" (default none)
     * @param timestampHeader header carrying a unix-seconds timestamp, or null when none is signed
     * @param template        the signed content, with {timestamp} and {body} placeholders; default "{body}",
     *                        or "{timestamp}.{body}" when a timestamp header is set
     */
    public record HmacOptions(String header, String algorithm, String encoding, String prefix,
                              String timestampHeader, String template) {
        public HmacOptions {
            Objects.requireNonNull(header, "header");
            algorithm = algorithm == null ? "HmacSHA256" : algorithm;
            encoding = encoding == null ? "hex" : encoding;
            prefix = prefix == null ? "" : prefix;
            template = template != null ? template : (timestampHeader == null ? "{body}" : "{timestamp}.{body}");
        }
    }
}
