package dev.junction.core.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The user info a destination URL may carry ({@code amqp://user:password@host}): broker clients put it in
 * their own errors and connection names, so whatever Junction logs or records about a URL, or about an
 * error that came back from one, goes through here first.
 */
public final class UrlCredentials {

    /** What stands for the user info. */
    public static final String MASK = "***";

    private UrlCredentials() {}

    /** The URL as it may be shown: its user info (user and password) replaced by {@value #MASK}. */
    public static String masked(URI url) {
        String raw = url.getRawUserInfo();
        if (raw == null) return url.toString();
        return url.toString().replace(raw + "@", MASK + "@");
    }

    /**
     * {@code text} (e.g. a client library's error message) with every form of the URL's user info and
     * password replaced by {@value #MASK}: raw, decoded, and inside the whole URL.
     */
    public static String scrub(String text, URI url) {
        if (text == null || url == null) return text;
        String raw = url.getRawUserInfo();
        if (raw == null || raw.isEmpty()) return text;
        String out = text.replace(url.toString(), masked(url));
        out = replaceAll(out, raw);
        String decoded = decode(raw);
        out = replaceAll(out, decoded);
        int colon = raw.indexOf(':');
        if (colon >= 0) {
            out = replaceAll(out, raw.substring(colon + 1));
            out = replaceAll(out, decode(raw.substring(colon + 1)));
        }
        return out;
    }

    private static String replaceAll(String text, String secret) {
        return secret.isEmpty() ? text : text.replace(secret, MASK);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
