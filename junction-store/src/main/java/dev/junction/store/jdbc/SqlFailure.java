package dev.junction.store.jdbc;

import dev.junction.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one place that turns a database error into words fit for a log line. Drivers put the statement with
 * its bound values into messages (pgjdbc's "Batch entry 0 INSERT ... VALUES (...) was aborted"), and the
 * server's detail ("Key (dedupe_key)=(...) already exists"); an ingest's values are webhook bodies and
 * signature headers. So no driver message is ever used: only the SQLState, the vendor code, SQLite's result
 * code name, and the class of failure those imply.
 */
public final class SqlFailure {

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

    private SqlFailure() {}

    /**
     * The operation failed; what callers, and the log lines they write, may know of why. The cause is a
     * stand-in carrying the safe description, SQLState, vendor code and the original's stack trace, not
     * the driver's exception (whose message is not safe to print).
     */
    static StoreException storeException(String operation, SQLException e) {
        SQLException informative = informative(e);
        SQLException standIn = new SQLException(describe(e), informative.getSQLState(), informative.getErrorCode());
        standIn.setStackTrace(e.getStackTrace());
        return new StoreException("store failed to " + operation + ": " + standIn.getMessage(), standIn);
    }

    /** e.g. "server terminated the connection (SQLState 57P01, vendor code 0, BatchUpdateException)". */
    public static String describe(SQLException e) {
        SQLException informative = informative(e);
        String state = informative.getSQLState();
        StringBuilder text = new StringBuilder(kind(informative)).append(" (SQLState ").append(state == null ? "none" : state)
                .append(", vendor code ").append(informative.getErrorCode());
        if (informative instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
            text.append(", ").append(sqlite.getResultCode().name());
        }
        return text.append(", ").append(e.getClass().getSimpleName()).append(')').toString();
    }

    /**
     * The exception that says most: a batch or pool wrapper may carry no SQLState, while the error it
     * wraps (its next exception or cause) does.
     */
    private static SQLException informative(SQLException e) {
        SQLException current = e;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current.getSQLState() != null || current instanceof SQLiteException) return current;
            SQLException next = current.getNextException();
            if (next == null && current.getCause() instanceof SQLException cause) next = cause;
            current = next;
        }
        return e;
    }

    private static String kind(SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != null) return sqliteKind(sqlite.getResultCode());
        if (e instanceof SQLTransientConnectionException) return "no connection available";
        if (e instanceof SQLTimeoutException) return "timed out";
        String state = e.getSQLState();
        if (state == null || state.length() < 2) return "database error";
        String kind = KINDS.get(state);
        if (kind == null) kind = KINDS.get(state.substring(0, 2));
        return kind != null ? kind : "database error";
    }

    private static String sqliteKind(SQLiteErrorCode code) {
        String name = code.name();
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) return "database locked by another writer";
        if (name.startsWith("SQLITE_READONLY")) return "database read-only";
        if (name.startsWith("SQLITE_FULL")) return "disk full";
        if (name.startsWith("SQLITE_IOERR")) return "disk I/O error";
        if (name.startsWith("SQLITE_CANTOPEN")) return "cannot open the database file";
        if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) return "database file corrupt";
        if (name.startsWith("SQLITE_CONSTRAINT")) return "constraint violated";
        return "database error";
    }
}
