package dev.junction.server.cli;

import dev.junction.server.config.JunctionConfig;
import dev.junction.store.Pause;
import dev.junction.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Kill switches from the command line; they take effect on every node sharing the store. */
final class PauseCommand {

    static final class Target {
        @Option(names = "--destination", description = "A destination name.") String destination;
        @Option(names = "--source", description = "A source name.") String source;

        Pause.Kind kind() { return destination != null ? Pause.Kind.DESTINATION : Pause.Kind.SOURCE; }
        String name() { return destination != null ? destination : source; }

        /** Refuses a name the config does not have, as the admin API does: a typo must not pause nothing. */
        void requireConfigured(JunctionConfig cfg, Path config) {
            requireNamed(kind().key(), name(), kind() == Pause.Kind.DESTINATION ? cfg.destinations() : cfg.sources(), config);
        }
    }

    static void requireNamed(String kind, String name, Map<String, ?> configured, Path config) {
        if (!configured.containsKey(name)) {
            throw new JunctionCli.UserError("no " + kind + " '" + name + "' in " + config + " (" + kind + "s: "
                    + String.join(", ", new TreeSet<>(configured.keySet())) + ")");
        }
    }

    @Command(name = "pause", description = "Hold deliveries of a destination or a source: they stay pending, nothing is dropped.")
    static final class PauseIt implements Callable<Integer> {
        @Mixin ConfigFile config;
        @Option(names = "--reason", description = "Why, for whoever looks next.") String reason;
        @ArgGroup(multiplicity = "1") Target target;

        @Override
        public Integer call() {
            JunctionConfig cfg = DlqCommand.forStore(config.path());
            target.requireConfigured(cfg, config.path());
            try (Store store = DlqCommand.open(cfg, config.path())) {
                store.pause(target.kind(), target.name(), reason, Instant.now());
                System.out.println("paused " + target.kind().key() + " " + target.name());
                return 0;
            }
        }
    }

    @Command(name = "resume", description = "Resume a paused destination or source; waiting deliveries go out.")
    static final class Resume implements Callable<Integer> {
        @Mixin ConfigFile config;
        @ArgGroup(multiplicity = "1") Target target;

        @Override
        public Integer call() {
            JunctionConfig cfg = DlqCommand.forStore(config.path());
            try (Store store = DlqCommand.open(cfg, config.path())) {
                // As the admin API: a name the config lacks is a typo, unless the store holds a pause of it (left by a
                // source or destination since removed; a source's still holds its messages' deliveries).
                if (!store.paused(target.kind(), target.name())) target.requireConfigured(cfg, config.path());
                if (!store.resume(target.kind(), target.name())) {
                    throw new JunctionCli.UserError(target.kind().key() + " " + target.name() + " is not paused");
                }
                System.out.println("resumed " + target.kind().key() + " " + target.name());
                return 0;
            }
        }
    }

    private PauseCommand() {}
}
