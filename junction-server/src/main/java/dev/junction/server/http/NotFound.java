package dev.junction.server.http;

/** A path names something that does not exist: answered 404 problem+json naming it. */
final class NotFound extends RuntimeException {

    NotFound(String what, String id) {
        super("no " + what + " '" + Params.shorten(id) + "'", null, false, false);
    }
}
