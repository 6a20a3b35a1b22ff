package dev.junction.core.explain;

/** The third decision: each class of failure has its own strategy. */
public enum FailureClass {
    TRANSIENT("transient", "retry with backoff and jitter"),
    PERMANENT("permanent", "do not retry; record it and alert"),
    PARTIAL("partial", "set it aside as a dead letter for someone to review and replay");

    private final String label;
    private final String strategy;

    FailureClass(String label, String strategy) {
        this.label = label;
        this.strategy = strategy;
    }

    public String label() { return label; }

    public String strategy() { return strategy; }
}
