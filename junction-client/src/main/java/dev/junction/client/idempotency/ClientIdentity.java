package dev.junction.client.idempotency;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who sent a request, for scoping its {@code Idempotency-Key}: two clients that happen to pick the same key never
 * see each other's responses. Return a stable id of the authenticated caller (an API key's id, a tenant, an OAuth
 * client id), at most 200 characters; never a secret.
 */
@FunctionalInterface
public interface ClientIdentity {

    /**
     * The authenticated principal's name, or none (scoped as {@code anonymous}) when the container authenticated nobody.
     * A principal really named {@code anonymous} has a scope of its own.
     */
    ClientIdentity PRINCIPAL = request -> request.getUserPrincipal() != null ? request.getUserPrincipal().getName() : null;

    /** The client that sent {@code request}; null or empty scopes the key as {@code anonymous}. */
    String of(HttpServletRequest request);
}
