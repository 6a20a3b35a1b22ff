package dev.junction.client.jdbc;

import dev.junction.core.sql.SqlStates;
import java.sql.SQLException;

/**
 * The service's database failed a step of the library's; the message says which step and what kind of failure. No
 * driver message is kept, here or in the cause: drivers put the statement's bound values (an idempotent answer's
 * body, an outbox event's payload) and the server's detail ("Failing row contains (...)") into theirs, and this
 * exception ends up in the service's logs. Only the kind of failure, the SQLState, the vendor code and the exception's
 * class are kept ({@link SqlStates}, as the gateway's store does).
 */
public final class ClientStoreException extends RuntimeException {

    /** {@code what} the library was doing, e.g. "claim an idempotency key". */
    public ClientStoreException(String what, SQLException cause) {
        this(what, describe(cause), cause);
    }

    private ClientStoreException(String what, String described, SQLException cause) {
        super("could not " + what + ": " + described, standIn(described, cause));
    }

    /** e.g. "constraint violated (SQLState 23505, vendor code 0, PSQLException)". */
    static String describe(SQLException e) {
        SQLException informative = SqlStates.informative(e);
        String state = informative.getSQLState();
        return SqlStates.kind(informative) + " (SQLState " + (state == null ? "none" : state) + ", vendor code "
                + informative.getErrorCode() + ", " + e.getClass().getSimpleName() + ")";
    }

    /** The cause as logged with a stack trace: the safe description, the state and code, the original's frames. */
    private static SQLException standIn(String described, SQLException e) {
        SQLException informative = SqlStates.informative(e);
        SQLException standIn = new SQLException(described, informative.getSQLState(), informative.getErrorCode());
        standIn.setStackTrace(e.getStackTrace());
        return standIn;
    }
}
