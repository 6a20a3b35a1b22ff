package dev.junction.store;

/** The store is healthy but behind: the request was refused at once, nothing was written. */
public class StoreOverloadedException extends StoreException {
    public StoreOverloadedException(String message) {
        super(message, null);
    }
}
