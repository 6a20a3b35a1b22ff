package dev.junction.core.verify;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An inbound webhook as received: headers (case-insensitive names) and the raw body bytes.
 * Signatures are always computed over the raw bytes, never over a re-serialised body.
 */
public record WebhookRequest(Map<String, List<String>> headers, byte[] body) {

    public WebhookRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
            var all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public static WebhookRequest of(Map<String, String> singleValued, byte[] body) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        singleValued.forEach((k, v) -> h.put(k, List.of(v)));
        return new WebhookRequest(h, body);
    }
}
