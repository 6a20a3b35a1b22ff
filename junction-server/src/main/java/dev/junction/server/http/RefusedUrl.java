package dev.junction.server.http;

/** An endpoint URL that may not be used (a private address, plain http where https is required): 422 naming why. */
final class RefusedUrl extends RuntimeException {

    RefusedUrl(String reason) {
        super(reason, null, false, false);
    }
}
