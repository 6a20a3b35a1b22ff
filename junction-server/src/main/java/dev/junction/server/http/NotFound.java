package dev.junction.server.http;

/**
 * A path names something that does not exist: answered 404 problem+json naming it, of type {@code /problems/not-found}
 * or a more precise one. Thrown (not written), so a handler under an Idempotency-Key lets its key go.
 */
final class NotFound extends RuntimeException {

    private final String type;
    private final String title;

    NotFound(String what, String id) {
        this("not-found", "Not found", "no " + what + " '" + Params.shorten(id) + "'");
    }

    NotFound(String type, String title, String detail) {
        super(detail, null, false, false);
        this.type = type;
        this.title = title;
    }

    /** {@code /problems/no-such-sync}, naming the configured syncs. */
    static NotFound sync(String name, java.util.Collection<String> syncs) {
        return new NotFound("no-such-sync", "No such sync", "No sync named '" + Params.shorten(name) + "' is configured"
                + (syncs.isEmpty() ? "." : " (syncs: " + String.join(", ", new java.util.TreeSet<>(syncs)) + ")."));
    }

    void write(io.javalin.http.Context ctx) {
        Problem.write(ctx, 404, type, title, getMessage());
    }
}
