/**
 * A resilient HTTP client on the JDK's {@link java.net.http.HttpClient}: a deadline per logical call, retries only
 * of retryable outcomes and only when safe (an {@code Idempotency-Key} made once per POST/PATCH and reused), full
 * jitter, {@code Retry-After}, a retry budget, and a breaker and bulkhead per host. Start at
 * {@link dev.junction.client.http.ResilientHttpClient}.
 */
package dev.junction.client.http;
