package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.PageRequest;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Cursor pagination, the same on every list: {@code cursor} (opaque, from the previous page's {@code next}),
 * {@code limit} from 1 to 500 (default 100), and a body {@code {"items": [...], "next": cursor or null}}.
 * A cursor names its list and the key (an id) of the last row shown; the next page continues strictly
 * past it, so rows added meanwhile neither repeat nor shift a page.
 */
final class Paging {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private static final int MAX_KEY = 200;

    private Paging() {}

    /** What a request asked for: continue after {@code afterKey} (null: from the start), at most {@code limit} rows. */
    record Request(String list, String afterKey, int limit) {
        /** One row more than the limit is read, to tell whether a next page exists. */
        PageRequest newestFirst() { return PageRequest.newestFirst(afterKey, limit + 1); }

        PageRequest oldestFirst() { return PageRequest.oldestFirst(afterKey, limit + 1); }
    }

    static Request read(Context ctx, String list) {
        return new Request(list, cursor(list, Params.text(ctx, "cursor")), limit(ctx));
    }

    /** As {@link #read}, but the key may also come as a plain id in a legacy parameter (dead letters' {@code after}). */
    static Request read(Context ctx, String list, String legacyParameter) {
        Request r = read(ctx, list);
        String legacy = Params.text(ctx, legacyParameter);
        if (legacy == null) return r;
        if (r.afterKey() != null) throw new BadParameter(legacyParameter, "Give cursor or " + legacyParameter + ", not both.");
        if (legacy.length() > MAX_KEY) throw new BadParameter(legacyParameter, legacyParameter + " must be an id.");
        return new Request(list, legacy, r.limit());
    }

    private static int limit(Context ctx) {
        String text = Params.text(ctx, "limit");
        if (text == null) return DEFAULT_LIMIT;
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadParameter("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + Params.shorten(text) + "'.");
        }
        return limit;
    }

    private static String cursor(String list, String cursor) {
        if (cursor == null) return null;
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        int colon = decoded.indexOf(':');
        String key = colon < 0 ? "" : decoded.substring(colon + 1);
        if (colon < 0 || key.isEmpty() || key.length() > MAX_KEY) {
            throw new BadParameter("cursor", "cursor is not one this API handed out; pass the 'next' value of the previous page unchanged.");
        }
        if (!decoded.substring(0, colon).equals(list)) {
            throw new BadParameter("cursor", "cursor belongs to another list (" + Params.shorten(decoded.substring(0, colon))
                    + "); pass the 'next' value of this list's previous page.");
        }
        return key;
    }

    static String encode(String list, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((list + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one page of rows read with {@link Request#newestFirst()} or {@link Request#oldestFirst()}. */
    static <T> void write(Context ctx, Request request, List<T> rows, Function<T, String> key, Function<T, ? extends JsonNode> view) {
        boolean more = rows.size() > request.limit();
        List<T> page = more ? rows.subList(0, request.limit()) : rows;
        ObjectNode body = Problem.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.forEach(row -> items.add(view.apply(row)));
        body.put("next", more ? encode(request.list(), key.apply(page.get(page.size() - 1))) : null);
        ctx.contentType("application/json").result(body.toString());
    }

    /** Pages through a short list held in memory (configuration), sorted by {@code key}. */
    static <T> void writeSorted(Context ctx, Request request, List<T> sorted, Function<T, String> key, Function<T, ? extends JsonNode> view) {
        List<T> rest = sorted.stream().filter(row -> request.afterKey() == null || key.apply(row).compareTo(request.afterKey()) > 0)
                .limit(request.limit() + 1L).toList();
        write(ctx, request, rest, key, view);
    }
}
