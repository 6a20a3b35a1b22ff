package dev.junction.spring.boot;

import dev.junction.core.config.VerifySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code junction.client.webhooks.<name>.*}: one verifier. Give secrets as placeholders
 * ({@code secrets: ${STRIPE_WEBHOOK_SECRET}}) so they come from the environment, never from a committed file.
 */
public class WebhookProperties {

    /** The signature scheme: stripe, github, slack, shopify, standard-webhooks, hmac (with hmac.*), or none (with allow-unverified). */
    private String scheme;
    /** The secrets; several while one is rotated. */
    private List<String> secrets = new ArrayList<>();
    /** How far a signed timestamp may be from now; unset: the scheme's default (5 minutes). */
    private Duration tolerance;
    /** Whether scheme none, which checks no signature and so accepts forged webhooks, may be used; logged at startup. */
    private boolean allowUnverified;
    /** The generic HMAC scheme's options (scheme: hmac). */
    private Hmac hmac = new Hmac();

    /** {@code junction.client.webhooks.<name>.hmac.*}: where the generic HMAC scheme finds its signature. */
    public static class Hmac {
        /** The header carrying the signature, e.g. X-Signature; required for scheme hmac. */
        private String header;
        /** HmacSHA256 (default), HmacSHA1 or HmacSHA512. */
        private String algorithm;
        /** How the signature is encoded: hex (default) or base64. */
        private String encoding;
        /** Text before the encoded signature, e.g. sha256=; unset: none. */
        private String prefix;
        /** A header carrying a signed unix-seconds timestamp; unset: none is signed. */
        private String timestampHeader;
        /** The signed content with {timestamp} and {body}; unset: {body}, or {timestamp}.{body} with a timestamp header. */
        private String template;

        public String getHeader() { return header; }
        public void setHeader(String header) { this.header = header; }
        public String getAlgorithm() { return algorithm; }
        public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
        public String getEncoding() { return encoding; }
        public void setEncoding(String encoding) { this.encoding = encoding; }
        public String getPrefix() { return prefix; }
        public void setPrefix(String prefix) { this.prefix = prefix; }
        public String getTimestampHeader() { return timestampHeader; }
        public void setTimestampHeader(String timestampHeader) { this.timestampHeader = timestampHeader; }
        public String getTemplate() { return template; }
        public void setTemplate(String template) { this.template = template; }

        /** The core's options, or null when no header is set (the core then says the scheme needs one). */
        VerifySpec.HmacOptions toOptions() {
            return header == null ? null : new VerifySpec.HmacOptions(header, algorithm, encoding, prefix, timestampHeader, template);
        }
    }

    public String getScheme() { return scheme; }
    public void setScheme(String scheme) { this.scheme = scheme; }
    public List<String> getSecrets() { return secrets; }
    public void setSecrets(List<String> secrets) { this.secrets = secrets; }
    public Duration getTolerance() { return tolerance; }
    public void setTolerance(Duration tolerance) { this.tolerance = Props.atLeast("junction.client.webhooks.<name>.tolerance", tolerance, Duration.ofSeconds(1)); }
    public boolean isAllowUnverified() { return allowUnverified; }
    public void setAllowUnverified(boolean allowUnverified) { this.allowUnverified = allowUnverified; }
    public Hmac getHmac() { return hmac; }
    public void setHmac(Hmac hmac) { this.hmac = hmac; }

    @Override
    public String toString() {
        return "WebhookProperties[scheme=" + scheme + ", secrets=" + secrets.size() + " (hidden), tolerance=" + tolerance + "]";
    }
}
