package dev.junction.engine.transform;

/** An expression failed on one event: a permanent failure of that delivery, whose attempt records this message. */
public final class TransformFailure extends RuntimeException {
    public TransformFailure(String message) {
        super(message, null, false, false);
    }
}
