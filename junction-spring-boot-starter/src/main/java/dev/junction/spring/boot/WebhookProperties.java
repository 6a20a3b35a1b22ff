package dev.junction.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code junction.client.webhooks.<name>.*}: one verifier. Give secrets as placeholders
 * ({@code secrets: ${STRIPE_WEBHOOK_SECRET}}) so they come from the environment, never from a committed file.
 */
public class WebhookProperties {

    /** The signature scheme: stripe, github, slack, shopify or standard-webhooks. */
    private String scheme;
    /** The secrets; several while one is rotated. */
    private List<String> secrets = new ArrayList<>();
    /** How far a signed timestamp may be from now; unset: the scheme's default (5 minutes). */
    private Duration tolerance;

    public String getScheme() { return scheme; }
    public void setScheme(String scheme) { this.scheme = scheme; }
    public List<String> getSecrets() { return secrets; }
    public void setSecrets(List<String> secrets) { this.secrets = secrets; }
    public Duration getTolerance() { return tolerance; }
    public void setTolerance(Duration tolerance) { this.tolerance = Props.positive("junction.client.webhooks.<name>.tolerance", tolerance); }

    @Override
    public String toString() {
        return "WebhookProperties[scheme=" + scheme + ", secrets=" + secrets.size() + " (hidden), tolerance=" + tolerance + "]";
    }
}
