package dev.junction.store;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A declared event type of outbound publishing: its name, what it means, and optionally the JSON Schema
 * every payload published under it must satisfy, with examples that satisfy it.
 *
 * @param revision   starts at 1 and grows by one with every change of the definition, so a compiled schema
 *                   can be cached by name and revision (two changes within a millisecond still differ)
 * @param archivedAt when it was archived (it stays readable; publishing under it is refused), or null
 */
public record EventType(String name, Definition definition, long revision, Instant createdAt, Instant updatedAt, Instant archivedAt) {

    /** The characters of a name, and so of every type published (in a regex's brackets). */
    private static final String CHARACTERS = "A-Za-z0-9._:-";
    /** What a name may be: 1 to 200 of these characters. */
    public static final Pattern NAME = Pattern.compile("[" + CHARACTERS + "]{1,200}");
    /** What may match a name: those characters and {@code *} ({@link dev.junction.core.event.EventTypeGlob}). */
    public static final Pattern NAME_PATTERN = Pattern.compile("[*" + CHARACTERS + "]+");
    /** The characters of a name, in words, for messages. */
    public static final String CHARACTERS_IN_WORDS = "letters, digits and . _ : -";

    /**
     * What an operator writes and may change.
     *
     * @param description free text, or null
     * @param schema      a JSON Schema as JSON text, or null for a type whose payloads are not checked
     * @param examples    a JSON array of example payloads as text, {@code []} for none
     */
    public record Definition(String description, String schema, String examples) {
        public Definition {
            if (examples == null) examples = "[]";
        }
    }

    public boolean archived() {
        return archivedAt != null;
    }
}
