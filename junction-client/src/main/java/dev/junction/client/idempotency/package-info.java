/**
 * {@code Idempotency-Key} for a service's own API (draft-ietf-httpapi-idempotency-key-header-07): the servlet
 * {@link dev.junction.client.idempotency.IdempotencyFilter} runs a request once per key and client, and replays its
 * response to retries; {@link dev.junction.client.idempotency.IdempotencyStore} keeps the keys in the service's
 * database.
 */
package dev.junction.client.idempotency;
