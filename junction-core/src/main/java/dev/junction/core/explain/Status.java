package dev.junction.core.explain;

/** The verdict of one checklist item on one integration. */
public enum Status {
    PASS, WARN, FAIL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
