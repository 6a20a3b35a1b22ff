package dev.junction.engine.append;

/** What became of an {@link Arrival}. */
public sealed interface Appended {

    /** Stored durably for the first time, with {@code deliveries} deliveries (0: no route took it). */
    record Stored(String messageId, int deliveries) implements Appended {}

    /** Its dedupe key was seen before: nothing new stored. */
    record Duplicate(String messageId) implements Appended {}

    /** Too much undelivered work: nothing stored; the door asks its sender to come back later. */
    record Overloaded(long backlog) implements Appended {}
}
