package dev.junction.server.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Destination URLs as the admin API shows them. Credentials often ride in URLs, so what could be one is
 * masked: user info is dropped, every query value becomes {@code ***}, and so does any path segment that
 * looks like a token (16+ characters mixing letters and digits, as in Slack's or Discord's webhook URLs).
 */
final class Urls {

    static final String MASK = "***";

    private Urls() {}

    static String redact(URI url) {
        StringBuilder out = new StringBuilder();
        if (url.getScheme() != null) out.append(url.getScheme()).append("://");
        if (url.getHost() != null) out.append(url.getHost());
        if (url.getPort() >= 0) out.append(':').append(url.getPort());
        String path = url.getRawPath();
        if (path != null && !path.isEmpty()) {
            List<String> segments = new ArrayList<>();
            for (String segment : path.split("/", -1)) segments.add(looksLikeToken(segment) ? MASK : segment);
            out.append(String.join("/", segments));
        }
        String query = url.getRawQuery();
        if (query != null) {
            List<String> params = new ArrayList<>();
            for (String param : query.split("&")) {
                int eq = param.indexOf('=');
                params.add(eq < 0 ? MASK : param.substring(0, eq + 1) + MASK);
            }
            out.append('?').append(String.join("&", params));
        }
        return out.toString();
    }

    private static boolean looksLikeToken(String segment) {
        return segment.length() >= 16 && segment.chars().anyMatch(Character::isDigit) && segment.chars().anyMatch(Character::isLetter);
    }
}
