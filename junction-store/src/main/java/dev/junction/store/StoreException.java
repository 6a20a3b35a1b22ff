package dev.junction.store;

/** The database failed or could not be reached; the operation did not commit. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
