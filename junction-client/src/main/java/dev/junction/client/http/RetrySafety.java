package dev.junction.client.http;

import dev.junction.core.idempotency.IdempotencyKeyHeader;
import java.net.http.HttpRequest;
import java.util.Set;

/**
 * Whether a request may be sent twice: a method RFC 9110 calls idempotent, or a request that carries an
 * {@code Idempotency-Key} (the receiver then runs it once), or any request whose attempt never reached the server. POST
 * and PATCH are the methods that get a key.
 */
final class RetrySafety {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Set<String> KEYED = Set.of("POST", "PATCH");

    private RetrySafety() {}

    static boolean retryable(HttpRequest request) {
        return IDEMPOTENT.contains(request.method()) || request.headers().firstValue(IdempotencyKeyHeader.NAME).isPresent();
    }

    /**
     * Whether an attempt that failed with {@code error} never reached the server: the connection was refused or could
     * not be made in time. Sending such a request again cannot run it twice, whatever its method.
     */
    static boolean neverSent(java.io.IOException error) {
        return error instanceof java.net.ConnectException || error instanceof java.net.http.HttpConnectTimeoutException;
    }

    static boolean wantsKey(HttpRequest request) {
        return KEYED.contains(request.method()) && request.headers().firstValue(IdempotencyKeyHeader.NAME).isEmpty();
    }
}
