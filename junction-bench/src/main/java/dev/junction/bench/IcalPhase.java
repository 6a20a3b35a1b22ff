package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.server.Gateway;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.PollRecord;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An iCal source of many rental units, each with an Airbnb, a Booking.com and a VRBO feed served by a local
 * server (ETag on every answer), polled three times: first every booking is new, then nothing changed (every
 * feed answers 304), then one unit in ten has a stay moved by a night. Units synced per minute: the units over
 * the poll's recorded duration (every feed fetched, parsed, diffed, checked for conflicts, and the states and
 * messages committed in one transaction).
 */
final class IcalPhase {

    static final List<String> CHANNELS = List.of("airbnb", "booking", "vrbo");
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    record Step(String what, PollRecord.Outcome outcome, int changes, double pollSeconds, double unitsPerMinute) {}

    record Run(String engine, int units, List<Step> steps, String failed) {}

    private final int units;
    private final PrintStream log;

    private IcalPhase(BenchOptions options, PrintStream log) {
        this.units = options.smoke() ? 20 : 300;
        this.log = log;
    }

    static List<Run> run(BenchOptions options, List<String> stores, Path sqliteRoot, PrintStream log, List<String> problems) {
        if (!options.runs("ical")) return List.of();
        IcalPhase phase = new IcalPhase(options, log);
        log.printf("iCal source: %,d units x %d channels, polled three times%n", phase.units, CHANNELS.size());
        List<Run> runs = new ArrayList<>();
        for (String engine : stores) {
            try (Target t = engine.equals(Target.SQLITE) ? Target.sqlite(sqliteRoot, "ical") : Target.postgres(options.pgUrl(), "ical")) {
                runs.add(phase.measure(engine, t));
            } catch (Exception e) {
                problems.add("ical, " + engine + ": " + e);
                e.printStackTrace(log);
                runs.add(new Run(engine, phase.units, List.of(), String.valueOf(e)));
            }
        }
        return runs;
    }

    private Run measure(String engine, Target target) throws Exception {
        AtomicInteger round = new AtomicInteger();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        HttpServer feeds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        feeds.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        feeds.createContext("/feeds/", exchange -> {
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().split("/"); // /feeds/{unit}/{channel}.ics
                int unit = Integer.parseInt(parts[2].substring(1));
                String channel = parts[3].replace(".ics", "");
                String body = feed(unit, channel, round.get(), today);
                String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
                exchange.getResponseHeaders().add("ETag", etag);
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/calendar; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        feeds.start();
        try (Sink sink = new Sink(0, 11); Gateway gateway = Gateway.start(config(target, sink, feeds.getAddress().getPort()), Clock.systemUTC(), Map.of())) {
            List<Step> steps = new ArrayList<>();
            String[] what = {"first poll: every booking new", "nothing changed (304s)", "a stay moved in 1 unit of 10"};
            for (int r = 0; r < 3; r++) {
                round.set(r); // rounds 0 and 1 serve the same calendars
                PollRecord record = PollPhase.pollNow(gateway, "rentals");
                double seconds = record.duration().toNanos() / 1e9;
                steps.add(new Step(what[r], record.outcome(), record.changes(), seconds, units / seconds * 60));
                log.printf("  %s, %s: %s, %,d changes in %.2f s (%,.0f units/min)%n", engine, what[r], record.outcome().label(),
                        record.changes(), seconds, units / seconds * 60);
            }
            return new Run(engine, units, steps, null);
        } finally {
            feeds.stop(0);
        }
    }

    /**
     * Unit u's feed on a channel: four stays a week apart, each channel holding its own nights (no overlap); in round 2
     * the first stay of every tenth unit's Airbnb feed is a night longer.
     */
    private static String feed(int unit, String channel, int round, LocalDate today) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//" + channel + "//EN\r\n");
        int c = CHANNELS.indexOf(channel);
        for (int k = 0; k < 4; k++) {
            LocalDate start = today.plusDays(7L * (3 * k + c) + 2);
            int nights = 2 + (k + unit) % 3 + (round == 2 && c == 0 && k == 0 && unit % 10 == 0 ? 1 : 0);
            String summary = switch (channel) {
                case "airbnb" -> "Reserved";
                case "booking" -> "CLOSED - Not available";
                default -> "Reserved - Guest " + unit;
            };
            ics.append("BEGIN:VEVENT\r\nDTSTAMP:20261130T000000Z\r\nDTSTART;VALUE=DATE:").append(DATE.format(start))
                    .append("\r\nDTEND;VALUE=DATE:").append(DATE.format(start.plusDays(nights))).append("\r\nUID:").append(channel)
                    .append('-').append(unit).append('-').append(k).append("@bench.example\r\nSUMMARY:").append(summary).append("\r\nEND:VEVENT\r\n");
        }
        return ics.append("END:VCALENDAR\r\n").toString();
    }

    private JunctionConfig config(Target target, Sink sink, int port) {
        Map<String, IcalSpec.Unit> all = new LinkedHashMap<>();
        for (int u = 0; u < units; u++) {
            Map<String, IcalSpec.Feed> channels = new LinkedHashMap<>();
            for (String ch : CHANNELS) channels.put(ch, new IcalSpec.Feed("http://127.0.0.1:" + port + "/feeds/u" + u + "/" + ch + ".ics", ch));
            all.put("u" + u, new IcalSpec.Unit("u" + u, ZoneOffset.UTC, channels));
        }
        IcalSpec ical = new IcalSpec(Duration.ofHours(1), "bench-export-token-0123456789", ZoneOffset.UTC, 2, Duration.ZERO, 2, Duration.ofHours(24), 0.5, 2,
                Duration.ofHours(6), 366, Duration.ofSeconds(30), all);
        DestinationSpec pms = new DestinationSpec("pms", sink.url(), Duration.ofSeconds(5), StorePhases.RETRY, null, Map.of(), GuardSpec.DEFAULT);
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0), new JunctionConfig.Store(target.storeUrl(), null, null),
                Map.of("rentals", SourceSpec.ical("rentals", ical)), Map.of("pms", pms), List.of(new RouteSpec("rentals", List.of("pms"))),
                new JunctionConfig.Delivery(StorePhases.WORKERS, StorePhases.POLL_INTERVAL, null), JunctionConfig.Retention.DEFAULT, null,
                OutboundPhase.OUTBOUND);
    }

    static String markdown(List<Run> runs) {
        StringBuilder b = new StringBuilder("\n## iCal source\n\n");
        if (runs == null || runs.isEmpty()) return b.append("Not run.\n").toString();
        b.append(String.format("%,d rental units, each with an Airbnb, a Booking.com and a VRBO feed (four stays each) served locally "
                + "with an ETag, polled by one iCal source routing every message to the sink. Units/min: the units over the poll's "
                + "recorded duration (every feed fetched, parsed, diffed and checked for conflicts; the states and messages committed "
                + "in one transaction).%n%n", runs.get(0).units()));
        b.append("| store | poll | outcome | changes | poll s | units synced/min |\n|---|---|---|---:|---:|---:|\n");
        for (Run r : runs) {
            if (r.failed() != null) {
                b.append("| ").append(Report.storeName(r.engine())).append(" | failed: ").append(r.failed()).append(" | | | | |\n");
                continue;
            }
            for (Step s : r.steps()) {
                b.append(String.format("| %s | %s | %s | %,d | %.2f | %,.0f |%n", Report.storeName(r.engine()), s.what(), s.outcome().label(),
                        s.changes(), s.pollSeconds(), s.unitsPerMinute()));
            }
        }
        return b.toString();
    }
}
