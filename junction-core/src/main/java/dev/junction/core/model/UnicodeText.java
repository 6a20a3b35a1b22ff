package dev.junction.core.model;

/**
 * Whether a Java string is Unicode text. JSON's {@code \ud800} escape alone is valid JSON but no character: written
 * as UTF-8 (to a database, a header, a body) it becomes {@code ?}, so two different values would be stored as one.
 * Every place that reads a string from a client and keeps it asks here.
 */
public final class UnicodeText {

    /** How a refusal names the fault, after the value's name: "'event_id' is not Unicode text (a lone surrogate escape)". */
    public static final String NOT_TEXT = "is not Unicode text (a lone surrogate escape)";

    private UnicodeText() {}

    /** False when {@code text} holds a surrogate that is not half of a pair (as JavaScript's {@code isWellFormed}). */
    public static boolean isWellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }
}
