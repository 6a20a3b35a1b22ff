package dev.junction.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.core.model.DeliveryState;
import dev.junction.store.Activity;
import dev.junction.store.AttemptRecord;
import dev.junction.store.ClaimScope;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.IngestOutcome;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.NewMessage;
import dev.junction.store.PageRequest;
import dev.junction.store.Pause;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.SeriesBucket;
import dev.junction.store.SeriesQuery;
import dev.junction.store.Store;
import dev.junction.store.StoreStats;
import dev.junction.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The store on JDBC: shared SQL, with the few engine differences in a {@link Dialect}. Each role's SQL lives
 * in its own class ({@link LogWrites} for appends and attempt records, {@link Claims}, {@link PauseTable},
 * {@link DeadLetterTable}, {@link Pruner}, {@link DeliveryReads}, {@link Listings}, {@link ActivitySeries},
 * and the roles beside the pipeline in {@link SideTables}); this class holds the pool and hands each call to its role.
 */
public final class JdbcStore extends SideTables implements Store {

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Transactions tx;
    /** This instance's name in work announcements, so it does not wake itself for what it just did. */
    private final String origin;
    private final LogWrites writes;
    private final Claims claims;
    private final PauseTable pauses;
    private final DeadLetterTable deadLetters;
    private final Pruner pruner;
    private final DeliveryReads reads;
    private final Listings listings;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    JdbcStore(HikariDataSource dataSource, Dialect dialect, String jdbcUrl, String user, String password) {
        this(dataSource, dialect, new Transactions(dataSource, dialect), UUID.randomUUID().toString(), jdbcUrl, user, password);
    }

    private JdbcStore(HikariDataSource dataSource, Dialect dialect, Transactions tx, String origin, String jdbcUrl, String user,
                      String password) {
        this(dataSource, dialect, tx, origin, new AppendWrites(dialect, origin), jdbcUrl, user, password);
    }

    private JdbcStore(HikariDataSource dataSource, Dialect dialect, Transactions tx, String origin, AppendWrites appends, String jdbcUrl,
                      String user, String password) {
        super(tx, appends);
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tx = tx;
        this.origin = origin;
        this.claims = new Claims(tx, dialect);
        this.writes = new LogWrites(tx, dialect, appends, claims);
        this.pauses = new PauseTable(tx, dialect, origin);
        this.deadLetters = new DeadLetterTable(tx, dialect, origin);
        this.pruner = new Pruner(tx);
        this.reads = new DeliveryReads(tx);
        this.listings = new Listings(tx, dialect);
        // Kept only to open the LISTEN connection (PostgreSQL), which must not come from the pool.
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The pool, for this package's tests. */
    HikariDataSource dataSource() {
        return dataSource;
    }

    /** "sqlite" or "postgresql". */
    public String engine() { return dialect.name(); }

    // The log and the queue

    @Override
    public IngestOutcome append(NewMessage message, List<PlannedDelivery> deliveries, Supplier<String> deliveryIds) {
        return writes.append(new AppendWrites.Append(message, deliveries, deliveryIds));
    }

    @Override
    public boolean complete(String owner, AttemptRecord attempt, Completion next, Instant now) {
        return writes.record(new AttemptWrites.Record(owner, attempt, next, now));
    }

    @Override
    public List<Boolean> completeAll(String owner, List<Completed> completed, Instant now) {
        return writes.recordAll(completed.stream().map(d -> new AttemptWrites.Record(owner, d.attempt(), d.next(), now)).toList());
    }

    @Override
    public List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
        Claims.Request request = new Claims.Request(owner, now, lease, limit, scope);
        return dialect.claimsInGroupCommit() ? writes.claim(request) : claims.claimDue(request);
    }

    @Override
    public Optional<Instant> nextDueAt(ClaimScope scope) { return claims.nextDueAt(scope); }

    @Override
    public int renewLeases(String owner, Collection<String> deliveryIds, Instant until) { return claims.renewLeases(owner, deliveryIds, until); }

    @Override
    public void release(String owner, String deliveryId, Instant at, Instant now) { claims.release(owner, deliveryId, at, now); }

    @Override
    public long pendingCount() { return reads.pendingCount(); }

    @Override
    public AutoCloseable subscribe(Runnable onNewWork) {
        AutoCloseable listener = dialect.listen(jdbcUrl, user, password, origin, onNewWork);
        return listener != null ? listener : () -> { };
    }

    // Pauses

    @Override
    public void pause(Pause.Kind kind, String name, String reason, Instant now) { pauses.pause(kind, name, reason, now); }

    @Override
    public boolean resume(Pause.Kind kind, String name) { return pauses.resume(kind, name); }

    @Override
    public List<Pause> pauses() { return pauses.all(); }

    // Dead letters

    @Override
    public List<DeliveryView> deadLetters(Optional<String> destination, Optional<String> afterId, int limit) {
        return listings.deliveries(DeliveryFilter.ALL.state(DeliveryState.DEAD).destination(destination.orElse(null)),
                PageRequest.oldestFirst(afterId.orElse(null), limit));
    }

    @Override
    public boolean replay(String deliveryId, Instant now) { return deadLetters.replay(deliveryId, now); }

    @Override
    public boolean resend(String deliveryId, Instant now) { return deadLetters.resend(deliveryId, now); }

    @Override
    public int replayDead(DeadLetterFilter filter, Instant now) { return deadLetters.replay(filter, now); }

    @Override
    public ReplayedTo replayDeadTo(DeadLetterFilter filter, String to, Instant now) { return deadLetters.replayTo(filter, java.util.Objects.requireNonNull(to), now); }

    @Override
    public boolean purgeDeadLetter(String deliveryId) { return deadLetters.purge(deliveryId); }

    @Override
    public int purgeDeadLetters(Optional<String> destination) { return deadLetters.purgeAll(destination); }

    // Admin reads

    @Override
    public List<DeliveryView> deliveries(DeliveryFilter filter, PageRequest page) { return listings.deliveries(filter, page); }

    @Override
    public List<MessageSummary> messages(MessageFilter filter, PageRequest page) { return listings.messages(filter, page); }

    @Override
    public Activity activity(Instant since) { return listings.activity(since); }

    @Override
    public List<SeriesBucket> series(SeriesQuery query) { return new ActivitySeries(tx, dialect).read(query); }

    @Override
    public Optional<DeliveryView> delivery(String deliveryId) { return reads.delivery(deliveryId); }

    @Override
    public List<DeliveryView> deliveriesOf(String messageId) { return reads.deliveriesOf(messageId); }

    @Override
    public Optional<StoredMessage> message(String messageId) { return reads.message(messageId); }

    @Override
    public List<AttemptRecord> attempts(String deliveryId) { return reads.attempts(deliveryId); }

    @Override
    public StoreStats stats() { return tx.read("count", StoreCounts::read); }

    @Override
    public List<DestinationBacklog> backlog(Instant now) { return reads.backlog(now); }

    // Retention and keys

    @Override
    public int pruneSucceeded(Instant receivedBefore, int batchSize) { return pruner.pruneSucceeded(receivedBefore, batchSize); }

    @Override
    public boolean ping() { return tx.ping(); }

    @Override
    public void close() {
        writes.close();
        dataSource.close();
    }
}
