package dev.junction.engine.outbound;

/** A schema an operator gave is not a JSON Schema this gateway can use; the message says what is wrong. */
public final class InvalidSchema extends RuntimeException {

    public InvalidSchema(String message) {
        super(message, null, false, false);
    }
}
