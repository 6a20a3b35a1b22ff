package dev.junction.server.design;

import dev.junction.core.explain.DurationText;
import dev.junction.core.explain.ProviderPreset;
import dev.junction.server.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code junction new} asks, with its safe defaults: each answer is checked here, once, for the flags and the
 * wizard alike.
 *
 * @param source          the source's name (the URL /in/{source})
 * @param destination     where its events go
 * @param url             the destination's URL, by default from the environment
 * @param slo             how soon an event should arrive
 * @param timeout         the budget of one attempt, below the slo
 * @param attempts        attempts before a dead letter
 * @param rateLimit       requests per second the public endpoint takes
 * @param alertsUrl       where alerts go
 * @param signatureHeader the generic preset's signature header
 * @param dedupePointer   the generic preset's JSON pointer to each event's id
 */
public record Choices(ProviderPreset preset, String source, String destination, String url, Duration slo, Duration timeout,
                     int attempts, int rateLimit, String alertsUrl, String signatureHeader, String dedupePointer) {

    public static final Duration DEFAULT_SLO = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ATTEMPTS = 8;
    public static final int MAX_ATTEMPTS = 25;
    public static final int DEFAULT_RATE_LIMIT = 50;
    public static final String DEFAULT_DESTINATION = "app";
    public static final String DEFAULT_ALERTS_URL = "${ALERTS_WEBHOOK_URL}";
    public static final String DEFAULT_SIGNATURE_HEADER = "X-Signature";
    public static final String DEFAULT_DEDUPE_POINTER = "/id";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** An HTTP header name: RFC 9110's token. */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public Choices {
        name("source", source);
        name("destination", destination);
        distinct(source, destination);
        url("the destination's URL", url);
        if (alertsUrl != null) url("the alerts URL", alertsUrl);
        header(signatureHeader);
        if (timeout.compareTo(slo) >= 0) {
            throw new IllegalArgumentException("the timeout (" + DurationText.of(timeout) + ") must be shorter than the slo ("
                    + DurationText.of(slo) + "), or an attempt could miss it before it fails");
        }
        if (attempts < 2 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts must be between 2 and " + MAX_ATTEMPTS + ", was " + attempts);
        }
        if (rateLimit < 1) throw new IllegalArgumentException("the rate limit must be at least 1 request per second, was " + rateLimit);
        if (!dedupePointer.startsWith("/")) throw new IllegalArgumentException("the id's JSON pointer must start with / (e.g. /id), was " + dedupePointer);
    }

    /** Every default for {@code preset}; the destination's URL and secret are named after the destination. */
    public static Choices defaults(ProviderPreset preset) {
        return new Choices(preset, preset.id(), DEFAULT_DESTINATION, urlVariable(DEFAULT_DESTINATION), DEFAULT_SLO, DEFAULT_TIMEOUT,
                DEFAULT_ATTEMPTS, DEFAULT_RATE_LIMIT, DEFAULT_ALERTS_URL, DEFAULT_SIGNATURE_HEADER, DEFAULT_DEDUPE_POINTER);
    }

    /** {@code ${APP_WEBHOOK_URL}} for destination {@code app}: a URL differs per environment, so it is not in the file. */
    public static String urlVariable(String destination) {
        return "${" + variable(destination) + "_WEBHOOK_URL}";
    }

    /** A name as an environment variable's stem: {@code crm-sync} is {@code CRM_SYNC}. */
    public static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A duration as the config writes it ({@code 1m}, {@code 10s}), more than zero; {@code Durations.HINT} when it is not one. */
    public static Duration duration(String what, String text) {
        Duration d = Durations.parse(text.strip());
        if (d == null) throw new IllegalArgumentException(what + ": \"" + text + "\" is not a duration (" + Durations.HINT + ")");
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(what + " must be more than zero, was " + text.strip());
        return d;
    }

    /**
     * A URL as the config will hold it: a placeholder for the environment (${APP_WEBHOOK_URL}) or an absolute http(s)
     * URL with a host, so the file written passes {@code junction check} as it is.
     */
    public static String url(String what, String url) {
        if (url.isBlank()) throw new IllegalArgumentException(what + " must not be empty");
        if (url.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*}")) return url;
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(what + " \"" + url + "\" is not a URL (e.g. https://app.example.com/webhooks, or ${APP_WEBHOOK_URL})");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " \"" + url + "\" must be an http or https URL with a host (e.g. https://app.example.com/webhooks)");
        }
        return url;
    }

    /** A source's or destination's name ({@code what}): it is part of URLs and environment variables' names. */
    public static String name(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the " + what + "'s name must match [a-z0-9][a-z0-9_-]*, was \"" + name + "\"");
        }
        return name;
    }

    /** The destination's name, other than the source's: a page, an alert or a metric names either by it alone. */
    public static String distinct(String source, String destination) {
        if (source.equals(destination)) {
            throw new IllegalArgumentException("the destination needs a name other than the source's (both were \"" + source + "\")");
        }
        return destination;
    }

    /** The generic preset's signature header: a header name, as the config loader takes it. */
    public static String header(String header) {
        if (!HEADER.matcher(header).matches()) {
            throw new IllegalArgumentException("the signature header must be a header name (letters, digits and - such as X-Signature), was \""
                    + header + "\"");
        }
        return header;
    }
}
