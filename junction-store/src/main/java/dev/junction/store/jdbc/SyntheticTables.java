package dev.junction.store.jdbc;

import dev.junction.store.SyntheticResult;
import dev.junction.store.SyntheticState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The synthetic_probes table (ADR 0030), the same SQL on both engines. A claim is one conditional UPDATE: on
 * PostgreSQL concurrent claimers queue on the row and re-check its condition after the winner commits, so one wins.
 */
final class SyntheticTables {

    private static final String COLUMNS = "probe, next_run_at, owner, lease_until, canary_id, message_id, sent_at, last_outcome,"
            + " last_detail, last_e2e_ms, last_finished_at, last_success_at, runs, failures";

    private final Transactions tx;

    SyntheticTables(Transactions tx) {
        this.tx = tx;
    }

    List<SyntheticState> all() {
        return tx.read("read synthetic probes", c -> Sql.query(c, "SELECT " + COLUMNS + " FROM synthetic_probes ORDER BY probe",
                Sql.values(), SyntheticTables::state));
    }

    Optional<SyntheticState> one(String probe) {
        return tx.read("read a synthetic probe", c -> Sql.query(c, "SELECT " + COLUMNS + " FROM synthetic_probes WHERE probe = ?",
                Sql.values(probe), SyntheticTables::state).stream().findFirst());
    }

    Optional<SyntheticState> claim(String probe, String owner, Instant now, Instant nextRunAt, Duration lease) {
        long at = now.toEpochMilli();
        return tx.inTransaction("claim a synthetic probe", c -> {
            Sql.update(c, "INSERT INTO synthetic_probes (probe, next_run_at) VALUES (?, ?) ON CONFLICT (probe) DO NOTHING", Sql.values(probe, at));
            int claimed = Sql.update(c, "UPDATE synthetic_probes SET owner = ?, lease_until = ?,"
                    + " next_run_at = CASE WHEN message_id IS NULL THEN ? ELSE next_run_at END"
                    + " WHERE probe = ? AND (next_run_at <= ? OR message_id IS NOT NULL) AND (owner IS NULL OR lease_until <= ?)",
                    Sql.values(owner, now.plus(lease).toEpochMilli(), nextRunAt.toEpochMilli(), probe, at, at));
            if (claimed == 0) return Optional.<SyntheticState>empty();
            return Sql.query(c, "SELECT " + COLUMNS + " FROM synthetic_probes WHERE probe = ?", Sql.values(probe), SyntheticTables::state)
                    .stream().findFirst();
        });
    }

    boolean sent(String probe, String owner, String canaryId, String messageId, Instant sentAt) {
        return tx.inTransaction("record a synthetic canary", c -> Sql.update(c,
                "UPDATE synthetic_probes SET canary_id = ?, message_id = ?, sent_at = ? WHERE probe = ? AND owner = ?",
                Sql.values(canaryId, messageId, sentAt.toEpochMilli(), probe, owner)) == 1);
    }

    boolean finish(String probe, String owner, SyntheticResult result) {
        boolean failed = result.outcome().failure();
        return tx.inTransaction("finish a synthetic run", c -> Sql.update(c, "UPDATE synthetic_probes SET owner = NULL, lease_until = NULL,"
                + " canary_id = NULL, message_id = NULL, sent_at = NULL, last_outcome = ?, last_detail = ?, last_e2e_ms = ?,"
                + " last_finished_at = ?, last_success_at = " + (failed ? "last_success_at" : "?") + ", runs = runs + 1, failures = failures + ?"
                + " WHERE probe = ? AND owner = ?",
                failed
                        ? Sql.values(result.outcome().name(), result.detail(), millisOrNull(result.e2e()), result.finishedAt().toEpochMilli(),
                                1, probe, owner)
                        : Sql.values(result.outcome().name(), result.detail(), millisOrNull(result.e2e()), result.finishedAt().toEpochMilli(),
                                result.finishedAt().toEpochMilli(), 0, probe, owner)) == 1);
    }

    int release(String owner) {
        return tx.inTransaction("release synthetic probes", c -> Sql.update(c,
                "UPDATE synthetic_probes SET owner = NULL, lease_until = NULL WHERE owner = ?", Sql.values(owner)));
    }

    private static Long millisOrNull(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static SyntheticState state(ResultSet rs) throws SQLException {
        String outcome = rs.getString(8);
        SyntheticResult last = outcome == null ? null : new SyntheticResult(SyntheticResult.Outcome.valueOf(outcome),
                durationOrNull(rs, 10), rs.getString(9), instantOrNull(rs, 11));
        return new SyntheticState(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), instantOrNull(rs, 4),
                rs.getString(5), rs.getString(6), instantOrNull(rs, 7), last, instantOrNull(rs, 12), rs.getLong(13), rs.getLong(14));
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Duration durationOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(millis);
    }
}
