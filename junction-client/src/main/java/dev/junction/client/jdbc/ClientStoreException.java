package dev.junction.client.jdbc;

import java.sql.SQLException;

/** The service's database failed a step of the library's; the message says which step and the database's reason. */
public final class ClientStoreException extends RuntimeException {

    /** {@code what} the library was doing, e.g. "claim an idempotency key". */
    public ClientStoreException(String what, SQLException cause) {
        super("could not " + what + ": " + cause.getMessage(), cause);
    }
}
