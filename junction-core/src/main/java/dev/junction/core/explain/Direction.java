package dev.junction.core.explain;

/** The first decision about an integration: which side starts each exchange. */
public enum Direction {
    /** The provider calls Junction (a webhook). */
    PUSH_IN("push in", "the provider calls Junction when something happens"),
    /** Junction asks the provider on a schedule (a polled API, calendar feeds). */
    PULL("pull", "Junction asks the provider on a schedule and works out what changed"),
    /** Junction calls the receiver (a destination, an outbound endpoint). */
    PUSH_OUT("push out", "Junction calls the receiver with each event"),
    /** Both sides change the same records and each must learn the other's changes (two-way syncs). */
    BIDIRECTIONAL("bidirectional", "both sides change the same records, and each learns the other's changes");

    private final String label;
    private final String meaning;

    Direction(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() { return label; }

    public String meaning() { return meaning; }
}
