/**
 * Spring Boot auto-configuration for junction-client: {@code junction.client.*} properties
 * ({@link dev.junction.spring.boot.JunctionClientProperties}) make the Idempotency-Key filter, a resilient HTTP
 * client, webhook verifiers by name, when enabled the outbox and its relay, and the housekeeping that deletes what
 * their tables no longer need; every bean yields to the application's own.
 */
package dev.junction.spring.boot;
