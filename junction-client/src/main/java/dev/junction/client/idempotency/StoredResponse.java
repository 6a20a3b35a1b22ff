package dev.junction.client.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response as the filter stores and replays it.
 *
 * @param status  the status code
 * @param headers the headers the handler set, in order, names as it wrote them
 * @param body    the body's bytes
 */
public record StoredResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public StoredResponse {
        headers = List.copyOf(headers);
    }

    /** The headers as stored: one {@code name: value} a line (servlet header values hold no line breaks). */
    String headerText() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> h : headers) out.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        return out.toString();
    }

    static List<Map.Entry<String, String>> parseHeaders(String text) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (text == null) return out;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) out.add(Map.entry(line.substring(0, colon), line.substring(colon + 2)));
        }
        return out;
    }
}
