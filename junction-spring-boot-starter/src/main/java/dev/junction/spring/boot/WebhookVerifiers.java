package dev.junction.spring.boot;

import dev.junction.client.webhook.WebhookVerifier;
import dev.junction.core.config.VerifySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** The webhook verifiers configured under {@code junction.client.webhooks.<name>}, by name. */
public final class WebhookVerifiers {

    private final Map<String, WebhookVerifier> byName;

    /** The verifiers {@code configured} names; fails at startup for a missing scheme or secret, naming the entry. */
    public static WebhookVerifiers of(Map<String, WebhookProperties> configured) {
        Map<String, WebhookVerifier> verifiers = new LinkedHashMap<>();
        configured.forEach((name, p) -> {
            if (p.getScheme() == null || p.getSecrets().isEmpty() || p.getSecrets().stream().anyMatch(s -> s == null || s.isBlank())) {
                throw new IllegalArgumentException("junction.client.webhooks." + name + " must have a scheme and at least one non-empty"
                        + " secret (e.g. secrets: ${STRIPE_WEBHOOK_SECRET}), but had scheme " + p.getScheme() + " and "
                        + p.getSecrets().size() + " secret(s)");
            }
            // Spring Boot leaves a placeholder it cannot resolve as it is: "${STRIPE_WEBHOOK_SECRET}" would be the secret,
            // one anyone who has read the configuration can sign with.
            p.getSecrets().stream().filter(s -> s.contains("${")).findFirst().ifPresent(s -> {
                throw new IllegalArgumentException("junction.client.webhooks." + name + " has a secret that is an unresolved placeholder "
                        + placeholder(s) + ": set it in the environment");
            });
            verifiers.put(name, WebhookVerifier.of(new VerifySpec(p.getScheme(), p.getSecrets(), p.getTolerance(), null)).named(name));
        });
        return new WebhookVerifiers(verifiers);
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
