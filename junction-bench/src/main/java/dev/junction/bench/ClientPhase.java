package dev.junction.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.outbox.HttpOutboxSender;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxEvent;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.outbox.RelayConfig;
import dev.junction.core.idempotency.IdempotencyKeyHeader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * junction-client's transactional outbox on PostgreSQL: N events are added with {@link Outbox#add} in batches of
 * {@link #ADD_BATCH} per transaction into a fresh schema, then drained by 1 relay, and (on another fresh schema) by 4
 * relays sharing the table, each sending with {@link HttpOutboxSender} to a local sink answering 200. The sink counts
 * each {@code Idempotency-Key} (the event id): every event must arrive once, and duplicates are reported.
 */
final class ClientPhase {

    static final int ADD_BATCH = 500;
    static final List<Integer> RELAYS = List.of(1, 4);
    static final RelayConfig RELAY = new RelayConfig(100, Duration.ofSeconds(60), Duration.ofMillis(10), RelayConfig.DEFAULT.retry());

    /**
     * One drain.
     *
     * @param addPerSecond events added per second (batches of {@link #ADD_BATCH} per commit)
     * @param eventsPerSecond events sent per second, from the relays' start to the sink's last 200
     * @param delivered distinct event ids that reached the sink
     * @param duplicates requests for an event id already received
     * @param sentInTable rows in state SENT when the drain ended
     */
    record Run(String engine, int relays, int events, double addSeconds, double addPerSecond, double drainSeconds,
               double eventsPerSecond, long delivered, long duplicates, long requests, long sentInTable, boolean complete) {}

    record Result(List<Run> runs, String skipped) {}

    private ClientPhase() {}

    static Result run(BenchOptions options, PrintStream log, List<String> problems) {
        if (!options.runs("client")) return null;
        int events = options.smoke() ? 500 : 20_000;
        log.printf("Client outbox: %,d events added in batches of %d, drained by 1 and by 4 relays (batch %d) to a sink answering 200%n",
                events, ADD_BATCH, RELAY.batchSize());
        if (!options.stores().contains(Target.POSTGRESQL) || !Target.postgresReachable(options.pgUrl())) {
            String why = "SKIPPED, no PostgreSQL" + (options.stores().contains(Target.POSTGRESQL) ? " reachable at "
                    + options.pgUrl().replaceAll("password=[^&]*", "password=***") : " among --stores");
            log.println("  client outbox: " + why);
            return new Result(List.of(), why);
        }
        List<Run> runs = new ArrayList<>();
        for (int relays : RELAYS) {
            try (Target t = Target.postgres(options.pgUrl(), "client")) {
                Run r = measure(t, relays, events);
                runs.add(r);
                log.printf("  %d relay(s): added %,.0f events/s; sent %,.0f events/s (%,d in %.2f s); delivered %,d of %,d, duplicates %,d%n",
                        relays, r.addPerSecond(), r.eventsPerSecond(), r.delivered(), r.drainSeconds(), r.delivered(), events, r.duplicates());
                if (!r.complete()) problems.add("client outbox, " + relays + " relay(s): delivered " + r.delivered() + " of " + events
                        + " (" + r.sentInTable() + " SENT in the table)");
                if (r.duplicates() > 0) problems.add("client outbox, " + relays + " relay(s): " + r.duplicates() + " duplicate sends");
            } catch (Exception e) {
                problems.add("client outbox, " + relays + " relay(s): " + e);
                e.printStackTrace(log);
            }
        }
        return new Result(runs, null);
    }

    private static Run measure(Target target, int relays, int events) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(target.jdbcUrl());
        hc.setMaximumPoolSize(relays + 2);
        hc.setPoolName("bench-outbox");
        try (HikariDataSource ds = new HikariDataSource(hc); Sink sink = new Sink(0, 11, IdempotencyKeyHeader.NAME);
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Outbox outbox = Outbox.create(ds);
            String payload = "{\"type\":\"invoice.paid\",\"amount\":4200,\"currency\":\"eur\",\"pad\":\"" + "x".repeat(200) + "\"}";
            long addStart = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < events; i++) {
                    outbox.add(c, OutboxEvent.json("billing", "invoice.paid", payload));
                    if ((i + 1) % ADD_BATCH == 0 || i == events - 1) c.commit();
                }
                c.setAutoCommit(true);
            }
            double addSeconds = (System.nanoTime() - addStart) / 1e9;
            URI url = sink.url();
            HttpOutboxSender sender = HttpOutboxSender.to(http, m -> url, Duration.ofSeconds(5));
            List<OutboxRelay> started = new ArrayList<>();
            SplittableRandom seeds = new SplittableRandom(5);
            long drainStart = System.nanoTime();
            try {
                for (int i = 0; i < relays; i++) {
                    OutboxRelay relay = new OutboxRelay(outbox, sender, RELAY, seeds.split());
                    started.add(relay);
                    relay.start();
                }
                long deadline = drainStart + TimeUnit.SECONDS.toNanos(300);
                while (sink.delivered() < events && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(5);
                // The sink sees an event before its relay marks it SENT; closing the relays then would cut that mark
                // off (the event would go again on the next start), so let them finish first.
                while (sentCount(ds) < events && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(5);
            } finally {
                for (OutboxRelay r : started) r.close();
            }
            long last = sink.lastSuccessNanos();
            double drainSeconds = ((last == Long.MIN_VALUE ? System.nanoTime() : last) - drainStart) / 1e9;
            long sent = sentCount(ds);
            long delivered = sink.delivered();
            return new Run(Target.POSTGRESQL, relays, events, addSeconds, events / addSeconds, drainSeconds, delivered / drainSeconds,
                    delivered, sink.duplicates.get(), sink.requests.get(), sent, delivered == events && sent == events);
        }
    }

    /** One line: what ResilientHttpClient adds to a call, {@code how} measured, or why the figure is not resolved. */
    private static void overhead(StringBuilder b, JmhRunner.Score bare, JmhRunner.Score resilient, String how) {
        if (bare == null || resilient == null) return;
        double overhead = resilient.score() - bare.score();
        boolean noise = !(Math.abs(overhead) >= bare.error() + resilient.error()); // NaN errors (one iteration) too
        b.append(String.format("ResilientHttpClient (default config) over the bare JDK HttpClient, %s (JMH, one thread): "
                + "bare %.2f ± %.2f µs/call, resilient %.2f ± %.2f µs/call, **overhead %.2f µs per call**%s.%n%n",
                how, bare.score(), bare.error(), resilient.score(), resilient.error(), overhead,
                noise ? " (not resolved: smaller than the error bars, or one iteration without them)" : ""));
    }

    private static long sentCount(javax.sql.DataSource ds) throws java.sql.SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM junction_outbox WHERE state = 'SENT'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String markdown(Result result, List<JmhRunner.Score> jmh) {
        StringBuilder b = new StringBuilder("\n## Client library (junction-client)\n\n");
        overhead(b, find(jmh, "ClientBench.bare"), find(jmh, "ClientBench.resilient"),
                "the same GET to a local no-op Jetty server over one keep-alive connection");
        overhead(b, find(jmh, "ClientBench.bareTransport"), find(jmh, "ClientBench.resilientTransport"),
                "over a transport that answers 200 at once without a socket (the client's own work, no network noise)");
        if (result == null) return b.append("Outbox relay: not run.\n").toString();
        if (result.skipped() != null) return b.append("Outbox relay: ").append(result.skipped()).append(".\n").toString();
        b.append(String.format("Outbox relay on PostgreSQL: events added with `Outbox.add`, %d per transaction, into a fresh schema; then "
                + "drained by relays (batch %d, poll %d ms) sending with `HttpOutboxSender` to a local sink that answers 200 and counts "
                + "each `Idempotency-Key`. Events/s: events delivered over the time from the relays' start to the sink's last 200.%n%n",
                ADD_BATCH, RELAY.batchSize(), RELAY.pollInterval().toMillis()));
        b.append("| relays | events | added (events/s) | **sent (events/s)** | drain s | delivered once | duplicates | SENT in table |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : result.runs()) {
            b.append(String.format("| %d | %,d | %,.0f | **%,.0f** | %.2f | %,d | %,d | %,d |%n", r.relays(), r.events(), r.addPerSecond(),
                    r.eventsPerSecond(), r.drainSeconds(), r.delivered(), r.duplicates(), r.sentInTable()));
        }
        return b.toString();
    }

    private static JmhRunner.Score find(List<JmhRunner.Score> jmh, String name) {
        return jmh == null ? null : jmh.stream().filter(s -> s.benchmark().equals(name)).findFirst().orElse(null);
    }
}
