/**
 * junction-client: the gateway's patterns inside a Java service, on its own database.
 *
 * <ul>
 *   <li>{@link dev.junction.client.webhook}: verify a provider's webhook in one call and dedupe it by its id;</li>
 *   <li>{@link dev.junction.client.http}: a resilient client on the JDK's {@code HttpClient} (deadline, safe retries
 *       with a budget, breaker and bulkhead per host);</li>
 *   <li>{@link dev.junction.client.idempotency}: an {@code Idempotency-Key} servlet filter for the service's own API;</li>
 *   <li>{@link dev.junction.client.jdbc}: the dialects and the migrations that create the library's tables.</li>
 * </ul>
 *
 * See docs/client.md.
 */
package dev.junction.client;
