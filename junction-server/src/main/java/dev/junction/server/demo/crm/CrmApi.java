package dev.junction.server.demo.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.http.Problem;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * The simulated CRM's REST API on Javalin: create, update, delete, read, search by email and list with a cursor.
 * Each request is first checked for the bearer token, then put to the {@link Habits}, which may refuse it
 * (429, 500, 503), slow it, or make a create end badly after it stored its record. Errors are problem+json.
 */
final class CrmApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ContactStore store;
    private final Habits habits;
    private final Pause pause;
    private final byte[] token;
    private final Map<Counted, AtomicLong> counts = new EnumMap<>(Counted.class);

    /** Waits a habit's delay, cut short when the simulator closes. */
    interface Pause {
        void sleep(java.time.Duration d);
    }

    /** @param token the bearer token required of every request, or null for none */
    CrmApi(ContactStore store, Habits habits, Pause pause, String token) {
        this.store = store;
        this.habits = habits;
        this.pause = pause;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        for (Counted c : Counted.values()) counts.put(c, new AtomicLong());
    }

    long count(Counted what) {
        return counts.get(what).get();
    }

    void register(JavalinConfig config) {
        config.routes.before("/contacts*", this::authorize);
        config.routes.post("/contacts", this::create);
        config.routes.get("/contacts", this::search);
        config.routes.get("/contacts/{id}", this::read);
        config.routes.patch("/contacts/{id}", this::update);
        config.routes.delete("/contacts/{id}", this::delete);
        config.routes.exception(IllegalArgumentException.class, (e, ctx) -> Problem.write(ctx, 400, "bad-request", "Bad request", e.getMessage()));
    }

    private void authorize(Context ctx) {
        if (token == null) return;
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ") ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, given)) {
            counts.get(Counted.UNAUTHORIZED).incrementAndGet();
            ctx.header("WWW-Authenticate", "Bearer");
            Problem.write(ctx, 401, "unauthorized", "Unauthorized", "Send Authorization: Bearer <token> with the token this CRM was given.");
            ctx.skipRemainingHandlers();
        }
    }

    private void create(Context ctx) {
        Verdict.Proceed go = admitted(ctx, Counted.CREATES, true);
        if (go == null) return;
        ObjectNode record = store.create(body(ctx));
        switch (go.ending()) {
            case Verdict.CreateEnding.Answer a -> ctx.status(201).json(record);
            case Verdict.CreateEnding.Late late -> {
                counts.get(Counted.ANSWERED_LATE).incrementAndGet();
                pause.sleep(late.delay());
                ctx.status(201).json(record);
            }
            case Verdict.CreateEnding.Dropped d -> {
                counts.get(Counted.DROPPED).incrementAndGet();
                ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
            }
        }
    }

    private void update(Context ctx) {
        if (admitted(ctx, Counted.UPDATES, false) == null) return;
        String id = ctx.pathParam("id");
        store.update(id, body(ctx)).ifPresentOrElse(ctx::json, () -> noSuchContact(ctx, id));
    }

    private void delete(Context ctx) {
        if (admitted(ctx, Counted.DELETES, false) == null) return;
        String id = ctx.pathParam("id");
        if (store.deleteAnnounced(id)) ctx.status(204);
        else noSuchContact(ctx, id);
    }

    private void read(Context ctx) {
        if (admitted(ctx, Counted.READS, false) == null) return;
        String id = ctx.pathParam("id");
        store.get(id).ifPresentOrElse(ctx::json, () -> noSuchContact(ctx, id));
    }

    /** {@code ?email=} searches by the match key; otherwise a page of the list, {@code ?limit=&cursor=}. */
    private void search(Context ctx) {
        String email = ctx.queryParam("email");
        if (admitted(ctx, email != null ? Counted.LOOKUPS : Counted.LISTS, false) == null) return;
        ObjectNode answer = Contacts.JSON.createObjectNode();
        if (email != null) {
            answer.set("results", Contacts.JSON.valueToTree(store.findByEmail(email)));
            answer.putNull("next_cursor");
        } else {
            ContactStore.Page page = store.page(ctx.queryParam("cursor"), limit(ctx.queryParam("limit")));
            answer.set("results", Contacts.JSON.valueToTree(page.results()));
            answer.put("next_cursor", page.nextCursor());
        }
        ctx.json(answer);
    }

    /** Counts the request, asks the habits, and answers for them when they refuse; null then. */
    private Verdict.Proceed admitted(Context ctx, Counted kind, boolean create) {
        counts.get(kind).incrementAndGet();
        return switch (habits.decide(create)) {
            case Verdict.Refuse refuse -> {
                counts.get(switch (refuse.status()) {
                    case 429 -> Counted.RATE_LIMITED;
                    case 503 -> Counted.UNAVAILABLE;
                    default -> Counted.ERRORS;
                }).incrementAndGet();
                if (refuse.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(refuse.retryAfterSeconds()));
                Problem.write(ctx, refuse.status(), "simulated-" + refuse.status(), "Simulated " + refuse.why(),
                        "The simulated CRM answered " + refuse.status() + " by habit (" + refuse.why() + ").");
                yield null;
            }
            case Verdict.Proceed go -> {
                if (!go.latency().isZero()) pause.sleep(go.latency());
                yield go;
            }
        };
    }

    private static ObjectNode body(Context ctx) {
        JsonNode node;
        try {
            node = Contacts.JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON; send a JSON object of contact fields");
        }
        if (!(node instanceof ObjectNode fields)) throw new IllegalArgumentException("the body must be a JSON object of contact fields");
        return fields;
    }

    private static int limit(String text) {
        if (text == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", but was '" + text + "'");
    }

    private static void noSuchContact(Context ctx, String id) {
        Problem.write(ctx, 404, "not-found", "Not found", "No contact with id '" + id + "'.");
    }
}
