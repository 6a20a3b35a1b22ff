package dev.junction.engine.poll;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Setting one query parameter of a URL, and filling in the cursor. */
final class QueryParams {

    private QueryParams() {}

    /** The url with {@code {cursor}} replaced by the cursor, URL-encoded (a timestamp's + and : must survive). */
    static URI expand(String url, String cursor) {
        return URI.create(url.replace(dev.junction.core.config.PollSpec.CURSOR, encode(cursor == null ? "" : cursor)));
    }

    /** The uri with parameter {@code name} set to {@code value}, replacing any it had. */
    static URI with(URI uri, String name, String value) {
        String query = uri.getRawQuery();
        StringBuilder kept = new StringBuilder();
        if (query != null) {
            for (String part : query.split("&")) {
                String key = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
                if (part.isEmpty() || key.equals(encode(name))) continue;
                kept.append(kept.isEmpty() ? "" : "&").append(part);
            }
        }
        kept.append(kept.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value));
        String s = uri.toString();
        int q = s.indexOf('?');
        int hash = s.indexOf('#');
        String base = q >= 0 ? s.substring(0, q) : hash >= 0 ? s.substring(0, hash) : s;
        return URI.create(base + "?" + kept);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
