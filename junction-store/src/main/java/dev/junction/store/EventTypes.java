package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of event types that applications publish under (outbound). The store keeps definitions as
 * given; whether a schema is valid and the examples fit it is checked before they get here.
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface EventTypes {

    /** Stores a new type at revision 1, created and updated {@code now}. Empty, and nothing written, when the name is taken. */
    Optional<EventType> createEventType(String name, EventType.Definition definition, Instant now);

    /**
     * Replaces the definition of {@code name} if it is still at {@code revision}, which then grows by one.
     * Empty when there is no such type or it changed meanwhile (read it again and retry).
     */
    Optional<EventType> updateEventType(String name, long revision, EventType.Definition definition, Instant now);

    /** Archives a type (archiving again keeps the first time); the type as it now is, or empty when there is none. */
    Optional<EventType> archiveEventType(String name, Instant now);

    /** The type, archived or not. */
    Optional<EventType> eventType(String name);

    /**
     * Types by name (in code point order on every engine), continuing strictly after {@code afterName}
     * (null: from the first); archived ones only when {@code includeArchived}.
     */
    List<EventType> eventTypes(boolean includeArchived, String afterName, int limit);
}
