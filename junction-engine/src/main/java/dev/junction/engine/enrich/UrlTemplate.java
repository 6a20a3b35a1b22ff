package dev.junction.engine.enrich;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An enrichment URL with {@code {/json/pointer}} placeholders filled from the event. Placeholders may stand
 * only after the host, and each value is percent-encoded as one path segment or query value (a {@code /},
 * {@code ?}, {@code #}, {@code @} or {@code ..} in it is encoded too), so an event can choose which resource
 * is fetched from the configured host, never which host or which path above it.
 */
public final class UrlTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(/[^{}]*)}");

    private final String template;
    private final List<String> literals = new ArrayList<>();
    private final List<JsonPointer> pointers = new ArrayList<>();

    /** Throws {@link IllegalArgumentException} saying what is wrong with {@code template}. */
    public UrlTemplate(String template) {
        this.template = template;
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            literals.add(template.substring(last, m.start()));
            try {
                pointers.add(JsonPointer.compile(m.group(1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("{" + m.group(1) + "} is not a JSON pointer (e.g. {/data/customer})");
            }
            last = m.end();
        }
        literals.add(template.substring(last));
        URI sample = URI.create(expandWith(List.of()));
        String scheme = sample.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (sample.getHost() == null) throw new IllegalArgumentException("must name a host");
        int hostEnds = template.indexOf('/', template.indexOf("://") + 3);
        int firstPlaceholder = template.indexOf("{/");
        if (firstPlaceholder >= 0 && (hostEnds < 0 || firstPlaceholder < hostEnds)) {
            throw new IllegalArgumentException("a {/pointer} may stand in the path or query only, never in the host");
        }
    }

    /** The template as written: safe to show, it holds nothing from an event. */
    @Override
    public String toString() {
        return template;
    }

    /**
     * The URL for {@code event}; throws {@link IllegalArgumentException} when a pointer finds nothing, or an
     * object or array (which has no place in a URL).
     */
    public URI expand(JsonNode event) {
        List<String> values = new ArrayList<>(pointers.size());
        for (JsonPointer p : pointers) {
            JsonNode v = event.at(p);
            if (v.isMissingNode() || v.isNull() || v.isContainerNode()) {
                throw new IllegalArgumentException("the event has no value at " + p + " for the enrichment URL");
            }
            values.add(encode(v.asText()));
        }
        return URI.create(expandWith(values));
    }

    private String expandWith(List<String> values) {
        StringBuilder url = new StringBuilder(literals.get(0));
        for (int i = 1; i < literals.size(); i++) url.append(values.isEmpty() ? "x" : values.get(i - 1)).append(literals.get(i));
        return url.toString();
    }

    /** RFC 3986 unreserved characters pass; everything else, '.' included (no "..": no climbing), is %XX. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
