package dev.junction.engine.poll;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The target of a relation in an RFC 8288 {@code Link} header, resolved against the page it came with. */
final class LinkHeader {

    /** One link-value: {@code <uri>} then parameters up to the next comma outside quotes. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,=]+(?:=(?:\"[^\"]*\"|[^;,]*))?)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^;,\\s]*))", Pattern.CASE_INSENSITIVE);

    private LinkHeader() {}

    static Optional<URI> target(String header, String rel, URI base) {
        if (header == null) return Optional.empty();
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher r = REL.matcher(link.group(2));
            if (!r.find()) continue;
            String rels = r.group(1) != null ? r.group(1) : r.group(2);
            // rel may list several relation types separated by spaces; they compare case-insensitively.
            for (String one : rels.trim().split("\\s+")) {
                if (one.toLowerCase(Locale.ROOT).equals(rel.toLowerCase(Locale.ROOT))) {
                    try {
                        return Optional.of(base.resolve(link.group(1).trim()));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }
}
