package dev.junction.core.retry;

/**
 * A destination answered, but not with a success a status code can express: a broker that could not
 * route a message, nacked it, or has no stream for its subject. {@code kind} is recorded with the
 * attempt (e.g. {@code unroutable}, {@code nack}, {@code no-stream}); the attempt is retried unless
 * {@code permanent}.
 */
public final class DeliveryRefused extends Exception {

    private final String kind;
    private final boolean permanent;

    public DeliveryRefused(String kind, String message, boolean permanent) {
        super(message, null, false, false);
        this.kind = kind;
        this.permanent = permanent;
    }

    public String kind() {
        return kind;
    }

    public boolean permanent() {
        return permanent;
    }
}
