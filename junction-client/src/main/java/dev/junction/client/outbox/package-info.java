/**
 * A transactional outbox: {@link dev.junction.client.outbox.Outbox#add} writes an event in the caller's own
 * transaction, and an {@link dev.junction.client.outbox.OutboxRelay} sends it once committed, with retries, a dead
 * state and replay; several relays share one table.
 */
package dev.junction.client.outbox;
