package dev.junction.store.jdbc;

import dev.junction.store.ClaimScope;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queue's side of delivery: claiming due work under a lease, renewing and releasing leases, the next due time. */
final class Claims {

    /**
     * Per-key FIFO: a keyed delivery waits while an earlier one of its key and destination is unfinished
     * (pending, in flight, or dead unless its route skips dead ones). Ids sort by creation.
     */
    private static final String ORDERING_FILTER = " AND (c.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries e"
            + " WHERE e.destination = c.destination AND e.ordering_key = c.ordering_key AND e.id < c.id"
            + " AND e.state <> 'SUCCEEDED' AND NOT (e.state = 'DEAD' AND e.ordering_skip_dead = 1)))";

    /** One kind of claimable work, along its own partial index: which rows ({@code due}, one time parameter) in which order. */
    private record Branch(String state, String timeColumn) {
        String due() {
            return "c.state = '" + state + "' AND c." + timeColumn + " <= ?";
        }

        String orderBy() {
            return "c." + timeColumn;
        }
    }

    /** What a claim is called in a failure's message. */
    static final String WHAT = "claim deliveries";

    /** Expired leases first (their deliveries are the oldest), then due PENDING work. */
    private static final List<Branch> CLAIM_ORDER = List.of(new Branch("IN_FLIGHT", "lease_until"), new Branch("PENDING", "next_attempt_at"));

    private final Transactions tx;
    private final Dialect dialect;

    Claims(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /** One claim: up to {@code limit} due deliveries in {@code scope}, leased to {@code owner} from {@code now} for {@code lease}. */
    record Request(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {}

    /** Claims in a transaction of its own (PostgreSQL; on SQLite claims join the group commit, see {@link LogWrites}). */
    List<ClaimedDelivery> claimDue(Request request) {
        return tx.inTransaction(WHAT, c -> claim(c, request));
    }

    /** Claims inside the caller's transaction; the claimed deliveries may be worked on only once it commits. */
    List<ClaimedDelivery> claim(Connection c, Request request) throws SQLException {
        String owner = request.owner();
        Instant now = request.now();
        int limit = request.limit();
        Instant leaseUntil = now.plus(request.lease());
        record Claimed(String id, String destination, int attempts, long createdAt, String messageId, String orderingKey) {}
        List<Claimed> claimed = new ArrayList<>();
        for (Branch branch : CLAIM_ORDER) {
            if (claimed.size() >= limit) break;
            int room = limit - claimed.size();
            ScopeFilter filter = ScopeFilter.of(request.scope(), branch.timeColumn());
            claimed.addAll(Sql.query(c, dialect.claimSql(branch.due() + ORDERING_FILTER + filter.sql(), branch.orderBy()), ps -> {
                int p = 1;
                ps.setString(p++, owner);                        // lease_owner
                ps.setLong(p++, leaseUntil.toEpochMilli());      // lease_until
                ps.setLong(p++, now.toEpochMilli());             // updated_at
                ps.setLong(p++, now.toEpochMilli());             // the branch's due time
                Sql.values(p, filter.values()).bind(ps);
                ps.setInt(p + filter.values().size(), room);     // LIMIT
            }, rs -> new Claimed(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getString(6))));
        }
        if (claimed.isEmpty()) return List.of();
        Map<String, StoredMessage> messages = MessageRows.byIds(c, claimed.stream().map(Claimed::messageId).distinct().toList());
        List<ClaimedDelivery> result = new ArrayList<>(claimed.size());
        for (Claimed d : claimed) {
            result.add(new ClaimedDelivery(d.id(), d.destination(), d.attempts(), Instant.ofEpochMilli(d.createdAt()),
                    leaseUntil, messages.get(d.messageId()), d.orderingKey()));
        }
        return result;
    }

    Optional<Instant> nextDueAt(ClaimScope scope) {
        return tx.read("find the next due delivery", c -> {
            Optional<Instant> next = Optional.empty();
            // The first row of each partial index that passes the filters: no scan of the whole backlog.
            for (Branch branch : List.of(CLAIM_ORDER.get(1), CLAIM_ORDER.get(0))) {
                ScopeFilter filter = ScopeFilter.of(scope, branch.timeColumn());
                String sql = "SELECT " + branch.orderBy() + " FROM deliveries c WHERE c.state = '" + branch.state() + "'"
                        + ORDERING_FILTER + filter.sql() + " ORDER BY " + branch.orderBy() + " LIMIT 1";
                for (Long t : Sql.query(c, sql, Sql.values(1, filter.values()), rs -> rs.getLong(1))) {
                    Instant at = Instant.ofEpochMilli(t);
                    if (next.isEmpty() || at.isBefore(next.get())) next = Optional.of(at);
                }
            }
            return next;
        });
    }

    int renewLeases(String owner, Collection<String> deliveryIds, Instant until) {
        if (deliveryIds.isEmpty()) return 0;
        List<String> ids = List.copyOf(deliveryIds);
        return tx.inTransaction("renew leases", c -> Sql.update(c,
                "UPDATE deliveries SET lease_until = ? WHERE state = 'IN_FLIGHT' AND lease_owner = ? AND id IN (" + Sql.placeholders(ids.size()) + ")",
                ps -> {
                    ps.setLong(1, until.toEpochMilli());
                    ps.setString(2, owner);
                    Sql.values(3, ids).bind(ps);
                }));
    }

    void release(String owner, String deliveryId, Instant at, Instant now) {
        tx.inTransaction("release a delivery", c -> Sql.update(c, """
                UPDATE deliveries SET state = 'PENDING', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
                WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?""",
                Sql.values(at.toEpochMilli(), now.toEpochMilli(), deliveryId, owner)));
    }
}
