package dev.junction.core.sql;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What may be said of a database error without its driver's message: drivers put the statement's bound values and
 * the server's detail into theirs, and those values are webhook bodies, signatures, idempotent answers. So only the
 * SQLState, the vendor code and the kind of failure they imply are read here. The gateway's store and the client
 * library both describe their failures with it.
 */
public final class SqlStates {

    /** SQLState classes (the first two characters, SQL standard and PostgreSQL) and 5-character states. */
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("57P01", "server terminated the connection"),
            Map.entry("57P02", "server terminated the connection"),
            Map.entry("57P03", "server not accepting connections"),
            Map.entry("57014", "statement cancelled"),
            Map.entry("08", "connection failed"),
            Map.entry("40", "transaction rolled back on a conflict"),
            Map.entry("23", "constraint violated"),
            Map.entry("53", "server out of resources"),
            Map.entry("25", "transaction not possible in this state"),
            Map.entry("28", "authentication failed"),
            Map.entry("42", "statement or permission rejected"),
            Map.entry("22", "invalid data"),
            Map.entry("3D", "database does not exist"),
            Map.entry("3F", "schema does not exist"),
            Map.entry("XX", "internal server error"));

    private SqlStates() {}

    /** {@link #informative(SQLException, Predicate)} where only a SQLState makes an exception say something. */
    public static SQLException informative(SQLException e) {
        return informative(e, x -> false);
    }

    /**
     * The exception that says most: a batch or pool wrapper may carry no SQLState, while the error it wraps (its next
     * exception or cause) does. {@code carriesItsOwnCode} names exceptions that say enough without one (SQLite's).
     */
    public static SQLException informative(SQLException e, Predicate<SQLException> carriesItsOwnCode) {
        SQLException current = e;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current.getSQLState() != null || carriesItsOwnCode.test(current)) return current;
            SQLException next = current.getNextException();
            if (next == null && current.getCause() instanceof SQLException cause) next = cause;
            current = next;
        }
        return e;
    }

    /** The kind of failure {@code e}'s class and SQLState imply, e.g. "constraint violated"; "database error" when neither says. */
    public static String kind(SQLException e) {
        if (e instanceof SQLTransientConnectionException) return "no connection available";
        if (e instanceof SQLTimeoutException) return "timed out";
        String state = e.getSQLState();
        if (state == null || state.length() < 2) return "database error";
        String kind = KINDS.get(state);
        if (kind == null) kind = KINDS.get(state.substring(0, 2));
        return kind != null ? kind : "database error";
    }
}
