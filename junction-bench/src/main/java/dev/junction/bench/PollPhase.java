package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.PollSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.engine.poll.PollResult;
import dev.junction.server.Gateway;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.PollRecord;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A polled source over a large listing: a local JSON API of {@code items} contacts in pages of 1,000 (Link
 * header), polled by a gateway on each store. Three polls: the first sees every item (all created), the second
 * after 10% changed, 1% were deleted and 1% added, the third with nothing changed (the body hash matches). Items
 * diffed per second are the listing's items over the poll's own recorded duration (fetch, diff, one commit of
 * every message with the cursor and the snapshot); the catch-up is until the sink had every emitted change.
 */
final class PollPhase {

    static final int PAGE = 1_000;

    /** One poll of the run: what the record says, and how long its changes took to reach the sink. */
    record Step(String what, PollRecord.Outcome outcome, int items, int changes, double pollSeconds, double itemsPerSecond,
                double deliveredSeconds) {}

    record Run(String engine, int items, List<Step> steps, String failed) {}

    private final BenchOptions options;
    private final PrintStream log;
    private final int items;

    private PollPhase(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
        this.items = options.smoke() ? 2_000 : 10_000;
    }

    static List<Run> run(BenchOptions options, List<String> stores, Path sqliteRoot, PrintStream log, List<String> problems) {
        if (!options.runs("poll")) return List.of();
        PollPhase phase = new PollPhase(options, log);
        log.printf("Polled source: a listing of %,d items in pages of %,d, polled three times%n", phase.items, PAGE);
        List<Run> runs = new ArrayList<>();
        for (String engine : stores) {
            try (Target t = engine.equals(Target.SQLITE) ? Target.sqlite(sqliteRoot, "poll") : Target.postgres(options.pgUrl(), "poll")) {
                Run r = phase.measure(engine, t);
                runs.add(r);
                if (r.steps().get(0).changes() != phase.items) {
                    problems.add("poll, " + engine + ": the first poll emitted " + r.steps().get(0).changes() + " of " + phase.items);
                }
            } catch (Exception e) {
                problems.add("poll, " + engine + ": " + e);
                e.printStackTrace(log);
                runs.add(new Run(engine, phase.items, List.of(), String.valueOf(e)));
            }
        }
        return runs;
    }

    private Run measure(String engine, Target target) throws Exception {
        AtomicInteger round = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/contacts", exchange -> {
            try (exchange) {
                String query = exchange.getRequestURI().getQuery();
                int page = query == null ? 1 : Integer.parseInt(query.replace("page=", ""));
                byte[] body = page(round.get(), page).getBytes(StandardCharsets.UTF_8);
                if (page * PAGE < items + items / 100) {
                    exchange.getResponseHeaders().add("Link", "<http://127.0.0.1:" + api.getAddress().getPort() + "/contacts?page="
                            + (page + 1) + ">; rel=\"next\"");
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        api.start();
        try (Sink sink = new Sink(0, 7); Gateway gateway = Gateway.start(config(target, sink, api.getAddress().getPort()), Clock.systemUTC(), Map.of())) {
            List<Step> steps = new ArrayList<>();
            // A paged listing's deletions are taken once a second listing lacks the items too: the third poll's changes.
            String[] what = {"first poll: every item new", "10% changed, 1% deleted, 1% added", "nothing changed; the deletions confirmed"};
            for (int r = 0; r < 3; r++) {
                round.set(r);
                long before = sink.successes.get();
                PollRecord record = pollNow(gateway, "crm");
                long started = System.nanoTime();
                while (sink.successes.get() - before < record.changes() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                double delivered = (System.nanoTime() - started) / 1e9 + record.duration().toNanos() / 1e9;
                double seconds = record.duration().toNanos() / 1e9;
                steps.add(new Step(what[r], record.outcome(), record.items(), record.changes(), seconds, record.items() / seconds, delivered));
                log.printf("  %s, %s: %s, %,d items, %,d changes in %.2f s (%,.0f items/s); delivered %.1f s after the poll began%n",
                        engine, what[r], record.outcome().label(), record.items(), record.changes(), seconds, record.items() / seconds, delivered);
            }
            return new Run(engine, items, steps, null);
        } finally {
            api.stop(0);
        }
    }

    /** Runs a poll of {@code source} now, waiting while the scheduler's own first poll still holds it. */
    static PollRecord pollNow(Gateway gateway, String source) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            PollResult result = gateway.pipeline().poller().poll(source);
            if (result instanceof PollResult.Done done) return done.record();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("the source stayed busy for 2 minutes");
    }

    /** Round 0: items 0..n-1; round 1: every 10th changed, every 100th (from 5) gone, n/100 new ones; round 2: as round 1. */
    private String page(int round, int page) {
        StringBuilder b = new StringBuilder("{\"results\":[");
        int total = round == 0 ? items : items + items / 100;
        boolean first = true;
        for (int i = (page - 1) * PAGE; i < Math.min(page * PAGE, total); i++) {
            boolean changed = round > 0 && i % 10 == 0;
            if (round > 0 && i % 100 == 5) continue;
            if (!first) b.append(',');
            first = false;
            b.append("{\"id\":\"c").append(i).append("\",\"email\":\"person").append(i).append("@example.com\",\"name\":\"Person ")
                    .append(i).append("\",\"stage\":\"").append(changed ? "customer" : "lead").append("\",\"score\":").append(i % 97)
                    .append(",\"tags\":[\"bench\",\"t").append(i % 13).append("\"]}");
        }
        return b.append("]}").toString();
    }

    private static JunctionConfig config(Target target, Sink sink, int apiPort) {
        PollSpec poll = new PollSpec("http://127.0.0.1:" + apiPort + "/contacts", Duration.ofHours(1), null, PollSpec.Auth.NONE, "/results",
                "/id", null, null, new PollSpec.Pagination.LinkHeader("next"), 0, Duration.ofSeconds(30));
        DestinationSpec sinkSpec = new DestinationSpec("sink", sink.url(), Duration.ofSeconds(5), StorePhases.RETRY, null, Map.of(),
                GuardSpec.DEFAULT);
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0), new JunctionConfig.Store(target.storeUrl(), null, null),
                Map.of("crm", SourceSpec.polled("crm", poll)), Map.of("sink", sinkSpec), List.of(new RouteSpec("crm", List.of("sink"))),
                new JunctionConfig.Delivery(StorePhases.WORKERS, StorePhases.POLL_INTERVAL, null), JunctionConfig.Retention.DEFAULT, null,
                OutboundPhase.OUTBOUND);
    }

    static String markdown(List<Run> runs, boolean smoke) {
        StringBuilder b = new StringBuilder("\n## Polled source\n\n");
        if (runs == null || runs.isEmpty()) return b.append("Not run.\n").toString();
        b.append(String.format("A local JSON API of %,d contacts in pages of %,d (Link header), polled by a gateway whose route sends each "
                + "change to the sink. Items/s: the listing's items over the poll's recorded duration (every page fetched, diffed "
                + "against the snapshot, and every message committed with the cursor and the snapshot in one transaction). Delivered: "
                + "from the poll's start until the sink had every change it emitted.%n%n", runs.get(0).items(), PAGE));
        b.append("| store | poll | outcome | items | changes | poll s | items diffed/s | delivered after s |\n|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            if (r.failed() != null) {
                b.append("| ").append(Report.storeName(r.engine())).append(" | failed: ").append(r.failed()).append(" | | | | | | |\n");
                continue;
            }
            for (Step s : r.steps()) {
                String rate = s.items() == 0 ? "– (nothing to compare)" : String.format("%,.0f", s.itemsPerSecond());
                b.append(String.format("| %s | %s | %s | %,d | %,d | %.2f | %s | %.1f |%n", Report.storeName(r.engine()), s.what(),
                        s.outcome().label(), s.items(), s.changes(), s.pollSeconds(), rate, s.deliveredSeconds()));
            }
        }
        return b.toString();
    }
}
