package dev.junction.spring.boot;

import dev.junction.client.webhook.WebhookVerifier;
import dev.junction.core.config.VerifySpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The webhook verifiers configured under {@code junction.client.webhooks.<name>}, by name. */
public final class WebhookVerifiers {

    private static final Logger log = LoggerFactory.getLogger(WebhookVerifiers.class);

    private final Map<String, WebhookVerifier> byName;

    /**
     * The verifiers {@code configured} names; fails at startup, naming the property, for a missing scheme or secret,
     * an unknown scheme, or scheme {@code none} without {@code allow-unverified}.
     */
    public static WebhookVerifiers of(Map<String, WebhookProperties> configured) {
        Map<String, WebhookVerifier> verifiers = new LinkedHashMap<>();
        configured.forEach((name, p) -> verifiers.put(name, verifier(name, p).named(name)));
        return new WebhookVerifiers(verifiers);
    }

    private static WebhookVerifier verifier(String name, WebhookProperties p) {
        String prefix = "junction.client.webhooks." + name;
        if (p.getScheme() != null && p.getScheme().trim().toLowerCase(Locale.ROOT).equals("none")) {
            return unverified(prefix, p);
        }
        if (p.getScheme() == null || p.getSecrets().isEmpty() || p.getSecrets().stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new JunctionConfigurationException(p.getScheme() == null ? prefix + ".scheme" : prefix + ".secrets", prefix
                    + " must have a scheme and at least one non-empty secret, but had scheme " + p.getScheme() + " and "
                    + p.getSecrets().size() + " secret(s)", "set its scheme and its secrets from the environment, e.g. secrets: ${STRIPE_WEBHOOK_SECRET}.");
        }
        // Spring Boot leaves a placeholder it cannot resolve as it is: "${STRIPE_WEBHOOK_SECRET}" would be the secret,
        // one anyone who has read the configuration can sign with.
        p.getSecrets().stream().filter(s -> s.contains("${")).findFirst().ifPresent(s -> {
            throw new JunctionConfigurationException(prefix + ".secrets", prefix + " has a secret that is an unresolved placeholder "
                    + placeholder(s), "set " + placeholder(s) + " in the environment.");
        });
        try {
            return WebhookVerifier.of(new VerifySpec(p.getScheme(), p.getSecrets(), p.getTolerance(), p.getHmac().toOptions()));
        } catch (IllegalArgumentException e) {
            // The core's reason (an unknown scheme and the valid ones, hmac without its header, a malformed secret),
            // never quoting a secret.
            throw new JunctionConfigurationException(prefix, prefix + ": " + e.getMessage(), "correct " + prefix + ".scheme or its"
                    + " secrets; scheme hmac takes hmac.header and, if the sender differs from their defaults, hmac.algorithm,"
                    + " hmac.encoding, hmac.prefix, hmac.timestamp-header and hmac.template.", e);
        }
    }

    /** Scheme none: only when asked for by {@code allow-unverified}, and then said at every start. */
    private static WebhookVerifier unverified(String prefix, WebhookProperties p) {
        if (!p.isAllowUnverified()) {
            throw new JunctionConfigurationException(prefix + ".scheme", prefix + ".scheme is none, which checks no signature:"
                    + " any request, a forged one too, would be taken for the provider's",
                    "set the provider's scheme and secret, or, for a sender that cannot sign or a local test, "
                            + prefix + ".allow-unverified: true.");
        }
        log.warn("{}: scheme none, webhooks are NOT verified: any request, a forged one too, is accepted ({}.allow-unverified is true)",
                prefix, prefix);
        return WebhookVerifier.unverified();
    }

    /** The placeholder in {@code secret}, without anything around it, which may be part of the secret. */
    static String placeholder(String secret) {
        int start = secret.indexOf("${");
        int end = secret.indexOf('}', start);
        return end < 0 ? "${...}" : secret.substring(start, end + 1);
    }

    private WebhookVerifiers(Map<String, WebhookVerifier> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The verifier named {@code name}. */
    public WebhookVerifier get(String name) {
        WebhookVerifier verifier = byName.get(name);
        if (verifier == null) throw new NoSuchElementException("no webhook verifier " + name + " (configured: " + byName.keySet() + ")");
        return verifier;
    }

    /** The configured names. */
    public Set<String> names() {
        return byName.keySet();
    }
}
