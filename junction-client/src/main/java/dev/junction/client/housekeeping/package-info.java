/**
 * Deleting what the library's tables no longer need: expired idempotency keys, webhook ids past their retention and
 * sent outbox events past theirs, in bounded batches on a schedule ({@link dev.junction.client.housekeeping.Housekeeping}).
 */
package dev.junction.client.housekeeping;
