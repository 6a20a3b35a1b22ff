package dev.junction.core.explain;

/** The parts of the production checklist, in the order a report lists them. */
public enum Area {
    SECURITY, RELIABILITY, IDEMPOTENCY, OBSERVABILITY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
