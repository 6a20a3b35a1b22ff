package dev.junction.server.cli;

import dev.junction.engine.Pipeline;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.deliver.DispatcherSettings;
import dev.junction.engine.sync.Reconciler;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code junction reconcile}: one reconciliation of a sync now, against the store of a running or a stopped gateway,
 * and its report. Its repairs wait in the store for a gateway to deliver them. Exit 0 when every record was
 * consistent, 1 when something differed (repairs queued, or a person needed) or the run did not happen.
 */
@Command(name = "reconcile", description = "Reconcile a two-way sync now: list every system's records, compare them with the agreed state, queue repairs, print the report.")
final class ReconcileCommand implements Callable<Integer> {

    @Mixin ConfigFile config;
    @Option(names = "--sync", required = true, description = "A sync's name.") String sync;

    @Override
    public Integer call() throws InterruptedException {
        JunctionConfig cfg = ConfigLoader.load(config.path());
        PauseCommand.requireNamed("sync", sync, cfg.syncs(), config.path());
        Duration lease = cfg.delivery().lease() != null ? cfg.delivery().lease() : Pipeline.defaultLease(cfg.destinations());
        Clock clock = Clock.systemUTC();
        // Not started: nothing is delivered from here; the repairs wait for a gateway.
        try (Pipeline pipeline = new Pipeline(DlqCommand.open(cfg, config.path()), cfg.sources(), cfg.destinations(), cfg.routes(), cfg.syncs(),
                new DispatcherSettings(1, Duration.ofSeconds(1), lease), clock, "cli-" + ProcessHandle.current().pid(), null, Alerter.logOnly(clock))) {
            return switch (pipeline.reconciler().reconcile(sync)) {
                case Reconciler.Result.Skipped s -> {
                    System.out.println("no reconciliation: " + s.reason());
                    yield 1;
                }
                case Reconciler.Result.Done d -> {
                    System.out.print(d.report().text());
                    yield d.report().consistent() == d.report().records() && d.report().failed().isEmpty() ? 0 : 1;
                }
            };
        }
    }
}
