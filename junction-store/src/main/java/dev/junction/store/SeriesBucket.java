package dev.junction.store;

import java.time.Instant;

/**
 * What happened in one bucket of an activity series, from {@code start} (inclusive) to the next bucket's start.
 * Attempts count in the bucket in which they started.
 *
 * @param received     messages received (with a destination filter: those routed to it)
 * @param delivered    successful attempts, each of which ended its delivery
 * @param failed       failed attempts, retryable or permanent: a delivery tried three times in vain counts three
 * @param died         deliveries that died (became dead letters) in the bucket and are dead still
 * @param latencyP50Ms median duration of the attempts, any outcome; null when there was none
 * @param latencyP99Ms 99th percentile of the same
 * @param backlog      deliveries created before the bucket ended and not finished (succeeded or died) before it ended
 */
public record SeriesBucket(Instant start, long received, long delivered, long failed, long died,
                           Long latencyP50Ms, Long latencyP99Ms, long backlog) {}
