package dev.junction.core.verify;

import dev.junction.core.config.VerifySpec;
import java.util.List;
import java.util.Locale;

/** Builds the {@link Verifier} a source's {@code verify} settings describe. */
public final class SignatureSchemes {

    /** Every scheme name {@link #create} accepts. */
    public static final List<String> NAMES =
            List.of("stripe", "github", "slack", "shopify", "standard-webhooks", "hmac", "none");

    private SignatureSchemes() {}

    /**
     * A verifier for {@code spec}, its secrets already decoded, so a misconfigured source fails at
     * start-up rather than on its first webhook.
     *
     * @throws IllegalArgumentException for an unknown scheme, a missing or malformed secret, or bad hmac
     *                                  options; the message never contains a secret
     */
    public static Verifier create(VerifySpec spec) {
        List<String> secrets = spec.secrets();
        return switch (spec.scheme().trim().toLowerCase(Locale.ROOT)) {
            case "stripe" -> new StripeScheme(secrets, spec.tolerance());
            case "github" -> new GitHubScheme(secrets);
            case "slack" -> new SlackScheme(secrets, spec.tolerance());
            case "shopify" -> new ShopifyScheme(secrets);
            case "standard-webhooks" -> new StandardWebhooksScheme(secrets, spec.tolerance());
            case "hmac" -> new HmacScheme(secrets, spec.tolerance(), spec.hmac());
            case "none" -> new NoneScheme();
            default -> throw new IllegalArgumentException(
                    "unknown verify scheme '" + spec.scheme() + "'; valid schemes: " + String.join(", ", NAMES));
        };
    }
}
