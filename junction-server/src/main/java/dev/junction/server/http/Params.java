package dev.junction.server.http;

import dev.junction.core.model.DeliveryState;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Query parameters of the admin API, read strictly: a wrong one is a {@link BadParameter}, never silently ignored. */
final class Params {

    private Params() {}

    /**
     * Refuses parameters the endpoint does not know, so a misspelt filter cannot quietly match everything, and a
     * parameter given twice, which would otherwise be read as its first value with the second ignored.
     */
    static void only(Context ctx, Set<String> known) {
        wellFormed(ctx);
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            String name = param.getKey();
            if (!known.contains(name)) {
                throw new BadParameter(name, "Unknown parameter '" + name + "'; this endpoint takes "
                        + (known.isEmpty() ? "no query parameters" : String.join(", ", new TreeSet<>(known))) + ".");
            }
            if (param.getValue().size() > 1) {
                throw new BadParameter(name, name + " is given " + param.getValue().size() + " times; give it once.");
            }
        }
    }

    /** The value, or null when absent or blank. */
    static String text(Context ctx, String name) {
        wellFormed(ctx);
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Refuses a query whose percent-encoding is broken ({@code dedupe_key=50%}, {@code source=%zz}): the server's parser
     * reads such a value as empty, which would make the filter match everything.
     */
    private static void wellFormed(Context ctx) {
        String query = ctx.queryString();
        if (query == null || query.indexOf('%') < 0) return;
        for (String pair : query.split("&")) {
            try {
                URLDecoder.decode(pair, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                throw new BadParameter(name, "The query parameter '" + shorten(name) + "' is not percent-encoded correctly: a % must be"
                        + " followed by two hex digits (a % itself is %25).");
            }
        }
    }

    /** {@code true} or {@code false} as written (no other spelling), or {@code otherwise} when absent or blank. */
    static boolean bool(Context ctx, String name, boolean otherwise) {
        String value = text(ctx, name);
        if (value == null) return otherwise;
        if (value.equals("true") || value.equals("false")) return value.equals("true");
        throw new BadParameter(name, name + " must be true or false, not '" + shorten(value) + "'.");
    }

    static Instant instant(Context ctx, String name) {
        return instant(name, text(ctx, name));
    }

    static Instant instant(String name, String value) {
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " must be an RFC 3339 time such as 2026-11-23T10:00:00Z, not '" + shorten(value) + "'.");
        }
    }

    /** pending, in_flight, succeeded or dead (any case; in-flight too). */
    static DeliveryState state(Context ctx, String name) {
        String value = text(ctx, name);
        if (value == null) return null;
        try {
            return DeliveryState.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadParameter(name, name + " must be one of " + states() + ", not '" + shorten(value) + "'.");
        }
    }

    static String states() {
        return Arrays.stream(DeliveryState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /** Echoes at most a short prefix of what the client sent. */
    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
