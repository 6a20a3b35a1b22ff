package dev.junction.engine.poll;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last body of each calendar feed this node fetched, with its validators: a conditional GET is sent only when
 * the body is here to be read again on a 304 (a 304 is the same calendar, and must still count towards
 * cancel-after-missing). Kept in memory: after a restart or a takeover the first poll of a feed asks in full.
 */
final class FeedBodies {

    /** A feed's last 2xx answer. */
    record Last(String url, String etag, String lastModified, String contentType, byte[] body) {}

    private final Map<String, Last> last = new ConcurrentHashMap<>();

    /** The headers of a conditional GET of {@code url}, or none when nothing is kept to read again. */
    Map<String, String> conditional(String feed, String url) {
        Last l = last.get(feed);
        if (l == null || !l.url().equals(url) || (l.etag() == null && l.lastModified() == null)) return Map.of();
        Map<String, String> headers = new LinkedHashMap<>();
        if (l.etag() != null) headers.put("If-None-Match", l.etag());
        if (l.lastModified() != null) headers.put("If-Modified-Since", l.lastModified());
        return headers;
    }

    /** The body a 304 of {@code url} stands for, or null. */
    Last notModified(String feed, String url) {
        Last l = last.get(feed);
        return l != null && l.url().equals(url) ? l : null;
    }

    void keep(String feed, Last answer) {
        last.put(feed, answer);
    }
}
