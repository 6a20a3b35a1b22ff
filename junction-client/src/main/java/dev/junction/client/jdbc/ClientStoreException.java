package dev.junction.client.jdbc;

import java.sql.SQLException;

/**
 * The service's database failed a step of the library's; the message says which step and what kind of failure. No
 * driver message is kept, here or in the cause: drivers put the statement's bound values (an idempotent answer's
 * body, an outbox event's payload) and the server's detail ("Failing row contains (...)") into theirs, and this
 * exception ends up in the service's logs. Only the SQLState, the vendor code and the exception's class are kept.
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
        SQLException informative = informative(e);
        String state = informative.getSQLState();
        return kind(state) + " (SQLState " + (state == null ? "none" : state) + ", vendor code " + informative.getErrorCode() + ", "
                + e.getClass().getSimpleName() + ")";
    }

    /** The cause as logged with a stack trace: the safe description, the state and code, the original's frames. */
    private static SQLException standIn(String described, SQLException e) {
        SQLException informative = informative(e);
        SQLException standIn = new SQLException(described, informative.getSQLState(), informative.getErrorCode());
        standIn.setStackTrace(e.getStackTrace());
        return standIn;
    }

    /** A batch or pool wrapper may carry no SQLState while the error it wraps does. */
    private static SQLException informative(SQLException e) {
        SQLException current = e;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current.getSQLState() != null) return current;
            SQLException next = current.getNextException();
            if (next == null && current.getCause() instanceof SQLException cause) next = cause;
            current = next;
        }
        return e;
    }

    private static String kind(String state) {
        if (state == null || state.length() < 2) return "database error";
        return switch (state.substring(0, 2)) {
            case "08" -> "connection failed";
            case "23" -> "constraint violated";
            case "40" -> "transaction rolled back on a conflict";
            case "22" -> "invalid data";
            case "28" -> "authentication failed";
            case "42" -> "statement or permission rejected";
            case "53" -> "server out of resources";
            case "57" -> "server terminated the statement or connection";
            case "HY" -> "driver error";
            default -> "database error";
        };
    }
}
