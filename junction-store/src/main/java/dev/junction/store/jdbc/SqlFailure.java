package dev.junction.store.jdbc;

import dev.junction.core.sql.SqlStates;
import dev.junction.store.StoreException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one place that turns a database error into words fit for a log line. Drivers put the statement with
 * its bound values into messages (pgjdbc's "Batch entry 0 INSERT ... VALUES (...) was aborted"), and the
 * server's detail ("Key (dedupe_key)=(...) already exists"); an ingest's values are webhook bodies and
 * signature headers. So no driver message is ever used: only the SQLState, the vendor code, SQLite's result
 * code name, and the class of failure those imply ({@link SqlStates}, shared with the client library).
 */
public final class SqlFailure {

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

    /** The exception that says most; a SQLite error says enough without a SQLState. */
    private static SQLException informative(SQLException e) {
        return SqlStates.informative(e, x -> x instanceof SQLiteException);
    }

    private static String kind(SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != null) return sqliteKind(sqlite.getResultCode());
        return SqlStates.kind(e);
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
