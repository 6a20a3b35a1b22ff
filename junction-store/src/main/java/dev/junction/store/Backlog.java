package dev.junction.store;

/**
 * Unfinished work of one destination.
 *
 * @param pending  waiting to be sent (PENDING), due or not
 * @param due      of those, due now (held back only by pauses, guards or capacity)
 * @param inFlight leased to a worker (IN_FLIGHT)
 * @param dead     dead letters
 */
public record Backlog(String destination, long pending, long due, long inFlight, long dead) {}
