package dev.junction.client.outbox;

import dev.junction.client.jdbc.ClientStoreException;
import dev.junction.client.jdbc.SchemaMigrations;
import dev.junction.client.jdbc.SqlDialect;
import dev.junction.client.jdbc.Transactions;
import dev.junction.core.model.UuidV7;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The outbox table ({@code junction_outbox}, created by {@link SchemaMigrations}) as the service writes to it: {@link
 * #add} in the service's own transaction, so the event exists if and only if the business change committed; {@link
 * #replay} of dead events; and the pruning of sent ones. {@link OutboxRelay} sends what was added.
 */
public final class Outbox {

    /** Where an event is. */
    public enum State {
        /** Waiting to be sent, or being sent by a relay whose lease has not passed. */
        PENDING,
        /** Delivered. */
        SENT,
        /** Given up on: a permanent refusal, or every attempt failed; {@link #replay} sends it again. */
        DEAD
    }

    private final Transactions tx;
    private final Clock clock;
    private final UuidV7 ids;

    /** An outbox on {@code dataSource}; creates its table if it is not there. */
    public Outbox(DataSource dataSource, Clock clock, UuidV7 ids) {
        SchemaMigrations.migrate(dataSource);
        this.tx = new Transactions(dataSource);
        this.clock = clock;
        this.ids = ids;
    }

    /** An outbox on {@code dataSource} with the system clock. */
    public static Outbox create(DataSource dataSource) {
        return new Outbox(dataSource, Clock.systemUTC(), UuidV7.system());
    }

    Transactions transactions() {
        return tx;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Adds {@code event} on the caller's {@code connection}, inside the caller's transaction: it is sent only once that
     * commits, and never if it rolls back. Returns the event's id, its {@code Idempotency-Key} on every send.
     */
    public String add(Connection connection, OutboxEvent event) {
        String id = ids.next().toString();
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO junction_outbox (id, destination, ordering_key, event_type,"
                + " payload, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
            long now = clock.millis();
            ps.setString(1, id);
            ps.setString(2, event.destination());
            ps.setString(3, event.orderingKey());
            ps.setString(4, event.type());
            ps.setBytes(5, event.payload());
            ps.setLong(6, now);
            ps.setLong(7, now);
            ps.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new ClientStoreException("add an event to the outbox", e);
        }
    }

    /** Sends a dead event again, with a fresh count of attempts; false when {@code id} is not dead. */
    public boolean replay(String id) {
        return tx.autoCommit("replay an outbox event", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE junction_outbox SET state = 'PENDING', attempts = 0, next_attempt_at = ?,"
                    + " locked_until = NULL, locked_by = NULL WHERE id = ? AND state = 'DEAD'")) {
                ps.setLong(1, clock.millis());
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Sends every dead event to {@code destination} again (every dead event when null), each with a fresh count of
     * attempts: after a fault that killed them all at once (a revoked API key answered 401 to each); returns how many.
     */
    public int replayDead(String destination) {
        return tx.autoCommit("replay dead outbox events", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE junction_outbox SET state = 'PENDING', attempts = 0, next_attempt_at = ?,"
                    + " locked_until = NULL, locked_by = NULL WHERE state = 'DEAD'" + (destination == null ? "" : " AND destination = ?"))) {
                ps.setLong(1, clock.millis());
                if (destination != null) ps.setString(2, destination);
                return ps.executeUpdate();
            }
        });
    }

    /** The state of event {@code id}; empty when there is none. */
    public Optional<State> state(String id) {
        return tx.autoCommit("read an outbox event", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM junction_outbox WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(State.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /** How many events are in {@code state} now. */
    public long count(State state) {
        return tx.autoCommit("count outbox events", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM junction_outbox WHERE state = ?")) {
                ps.setString(1, state.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Deletes up to {@code limit} events sent more than {@code age} ago; returns how many. */
    public int pruneSent(Duration age, int limit) {
        return pruneSentBefore(clock.instant().minus(age), limit);
    }

    /** Deletes up to {@code limit} events sent at or before {@code cutoff}; pending and dead ones stay. Returns how many. */
    public int pruneSentBefore(Instant cutoff, int limit) {
        String where = "state = 'SENT' AND sent_at <= ?";
        String sql = tx.dialect() == SqlDialect.MARIADB
                ? "DELETE FROM junction_outbox WHERE " + where + " ORDER BY sent_at LIMIT ?"
                : "DELETE FROM junction_outbox WHERE seq IN (SELECT seq FROM junction_outbox WHERE " + where + " ORDER BY sent_at LIMIT ?)";
        return tx.autoCommit("prune sent outbox events", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }
}
