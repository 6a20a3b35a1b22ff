package dev.junction.core.explain;

/** The second decision: how many times each event may take effect. */
public enum Guarantee {
    AT_MOST_ONCE("at-most-once", "an event is never repeated, but one may be lost"),
    AT_LEAST_ONCE("at-least-once", "no event is lost, but one may arrive more than once; the receiver dedupes on its id"),
    EFFECTIVELY_ONCE("effectively-once", "each event is stored once under its key, and a duplicate gets the same answer as the first");

    private final String label;
    private final String meaning;

    Guarantee(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() { return label; }

    public String meaning() { return meaning; }
}
