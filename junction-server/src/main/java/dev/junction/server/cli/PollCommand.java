package dev.junction.server.cli;

import dev.junction.core.config.SourceSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.deliver.DispatcherSettings;
import dev.junction.engine.poll.PollResult;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.PollRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code junction poll}: one poll of a polled source now, committed as a scheduled poll would be; its messages
 * wait in the store for a running gateway to deliver. Exit 0 when it succeeded, 1 when it failed or did not run.
 */
@Command(name = "poll", description = "Poll a polled source once now and print what the poll did.")
final class PollCommand implements Callable<Integer> {

    @Mixin ConfigFile config;
    @Option(names = "--source", required = true, description = "A polled source's name (a JSON API or an iCal source).") String source;

    @Override
    public Integer call() throws InterruptedException {
        JunctionConfig cfg = ConfigLoader.load(config.path());
        Map<String, SourceSpec> polled = new TreeMap<>();
        cfg.sources().forEach((name, spec) -> { if (spec.polled()) polled.put(name, spec); });
        PauseCommand.requireNamed("polled source", source, polled, config.path());
        Duration lease = cfg.delivery().lease() != null ? cfg.delivery().lease() : Pipeline.defaultLease(cfg.destinations());
        String node = "cli-" + ProcessHandle.current().pid();
        // Not started: nothing is delivered from here; the new deliveries wait for a gateway.
        try (Pipeline pipeline = new Pipeline(DlqCommand.create(cfg), cfg.sources(), cfg.destinations(), cfg.routes(),
                new DispatcherSettings(1, Duration.ofSeconds(1), lease), Clock.systemUTC(), node, null)) {
            try {
                return print(pipeline.poller().poll(source), polled.get(source).ical() != null);
            } finally {
                pipeline.poller().releaseLeases();
            }
        }
    }

    /** @param calendars an iCal source: its pages are feeds and its items bookings */
    private int print(PollResult result, boolean calendars) {
        return switch (result) {
            case PollResult.Skipped s -> {
                System.out.println("no poll: " + s.reason() + "; while a gateway polls it, ask that gateway: POST /api/v1/sources/"
                        + source + "/poll, or the dashboard's Poll now");
                yield 1;
            }
            case PollResult.Deferred d -> {
                System.out.println("no poll: " + d.reason());
                yield 1;
            }
            case PollResult.Done d -> {
                PollRecord r = d.record();
                System.out.println(r.source() + ": " + r.outcome().label() + (r.status() == null ? "" : ", HTTP " + r.status())
                        + ", " + r.pages() + (calendars ? " feed(s), " : " page(s), ") + r.items() + (calendars ? " booking(s), " : " item(s), ")
                        + r.changes() + " change(s) emitted in "
                        + r.duration().toMillis() + " ms" + (r.error() == null ? "" : ": " + r.error()) + " (poll " + r.id() + ")");
                yield r.outcome() == PollRecord.Outcome.FAILED ? 1 : 0;
            }
        };
    }
}
