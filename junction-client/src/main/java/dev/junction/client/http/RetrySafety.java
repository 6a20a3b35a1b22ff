package dev.junction.client.http;

import dev.junction.core.idempotency.IdempotencyKeyHeader;
import java.net.http.HttpRequest;
import java.util.Set;

/**
 * Whether a request may be sent twice: a method RFC 9110 calls idempotent, or a request that carries an
 * {@code Idempotency-Key} (the receiver then runs it once). POST and PATCH are the methods that get a key.
 */
final class RetrySafety {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Set<String> KEYED = Set.of("POST", "PATCH");

    private RetrySafety() {}

    static boolean retryable(HttpRequest request) {
        return IDEMPOTENT.contains(request.method()) || request.headers().firstValue(IdempotencyKeyHeader.NAME).isPresent();
    }

    static boolean wantsKey(HttpRequest request) {
        return KEYED.contains(request.method()) && request.headers().firstValue(IdempotencyKeyHeader.NAME).isEmpty();
    }
}
