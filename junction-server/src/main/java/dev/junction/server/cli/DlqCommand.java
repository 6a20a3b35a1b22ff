package dev.junction.server.cli;

import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.DeliveryView;
import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeadLetters;
import dev.junction.store.Store;
import dev.junction.store.jdbc.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dlq", description = "List and replay dead letters.", subcommands = {DlqCommand.List.class, DlqCommand.Replay.class, DlqCommand.Purge.class})
final class DlqCommand {

    /** The store of {@code config}, which must exist: see {@link #open(JunctionConfig, Path)}. */
    static Store open(Path config) {
        return open(forStore(config), config);
    }

    /**
     * The config, for a command that works on its store (dead letters, keys, pauses): the sources' and destinations'
     * secrets need not be set here (an operator minting a key may not hold the webhook secrets), the store's settings
     * must be.
     */
    static JunctionConfig forStore(Path config) {
        java.util.List<String> needed = dev.junction.server.config.WrittenConfig.unsetIn(config, "store", System.getenv());
        if (!needed.isEmpty()) {
            throw new JunctionCli.UserError(config + ": the store's settings need " + String.join(", ", needed) + ", which "
                    + (needed.size() == 1 ? "is" : "are") + " not set");
        }
        return dev.junction.server.config.WrittenConfig.read(config, System.getenv()).config();
    }

    /**
     * The store of a config, for commands that read or change what a gateway keeps there. A SQLite file that is
     * not there is refused rather than created: a relative store.url is read from the current directory, so run
     * from elsewhere (or without the gateway's JUNCTION_DATA) a command would otherwise make an empty store of its
     * own, report no dead letters, or pause a destination the running gateway keeps delivering to.
     */
    static Store open(JunctionConfig cfg, Path config) {
        Stores.sqliteFile(cfg.store().url()).filter(file -> !Files.exists(file)).ifPresent(file -> {
            throw new JunctionCli.UserError("no SQLite store at " + file.toAbsolutePath() + " (store.url in " + config
                    + "): a gateway creates it on its first start; check the path (a relative one is read from the current directory)");
        });
        return create(cfg);
    }

    /** The store of a config, created (with its directory) when it does not exist yet, as a gateway's first start does. */
    static Store create(JunctionConfig cfg) {
        return Stores.open(cfg.store().url(), cfg.store().user(), cfg.store().password());
    }

    /**
     * A destination the config has, or one the store still holds deliveries of (removed or renamed since): anything
     * else is a typo, refused as the admin API refuses it rather than answered "0 dead letters".
     */
    static void requireKnown(JunctionConfig cfg, Store store, String destination, Path config) {
        if (destination == null || cfg.destinations().containsKey(destination) || store.deliveredTo(destination)) return;
        throw new JunctionCli.UserError("no destination '" + destination + "' in " + config + ", nor any delivery to one of that name"
                + " (destinations: " + String.join(", ", new java.util.TreeSet<>(cfg.destinations().keySet())) + ")");
    }

    @Command(name = "list", description = "List dead deliveries.")
    static final class List implements Callable<Integer> {
        @Mixin ConfigFile config;
        @Option(names = "--destination", description = "Only this destination.") String destination;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many, oldest first (default ${DEFAULT-VALUE}).") int limit;

        @Override
        public Integer call() {
            JunctionConfig cfg = forStore(config.path());
            try (Store store = open(cfg, config.path())) {
                requireKnown(cfg, store, destination, config.path());
                java.util.List<DeliveryView> page = store.deadLetters(Optional.ofNullable(destination), Optional.empty(), limit);
                System.out.printf("%-30s %-30s %-14s %8s  %s%n", "DELIVERY", "MESSAGE", "DESTINATION", "ATTEMPTS", "LAST ERROR");
                for (DeliveryView d : page) {
                    // A dead letter of an ordered destination (a sync's writes) holds its key's later deliveries back: say whose.
                    System.out.printf("%-30s %-30s %-14s %8d  %s%s%n", d.id(), d.messageId(), d.destination(), d.attempts(),
                            d.lastError(), d.orderingKey() == null ? "" : " (key " + d.orderingKey() + ", its later deliveries wait)");
                }
                System.out.println(page.size() + " dead letter(s)" + (page.size() == limit ? " (more: raise --limit)" : ""));
                return 0;
            }
        }
    }

    @Command(name = "replay", description = "Replay one dead letter, or all of a destination (with --to: to another one, for a destination removed or renamed).")
    static final class Replay implements Callable<Integer> {
        @Mixin ConfigFile config;
        @Option(names = "--to", description = "With --destination: replay them to this configured destination instead "
                + "(a destination removed or renamed); each keeps its id and webhook-id.") String to;

        @ArgGroup(multiplicity = "1") Target target;

        static final class Target {
            @Option(names = "--id", description = "The delivery id.") String id;
            @Option(names = "--destination", description = "Replay every dead letter of this destination.") String destination;
        }

        @Override
        public Integer call() {
            JunctionConfig cfg = forStore(config.path());
            try (Store store = open(cfg, config.path())) {
                if (to != null) {
                    if (target.destination == null) throw new JunctionCli.UserError("--to needs --destination: the dead letters of which destination");
                    PauseCommand.requireNamed("destination", to, cfg.destinations(), config.path());
                    if (to.equals(target.destination)) throw new JunctionCli.UserError("--to " + to + " is the destination they died at; leave --to out");
                    requireKnown(cfg, store, target.destination, config.path());
                    DeadLetters.ReplayedTo moved = store.replayDeadTo(DeadLetterFilter.ofDestination(target.destination), to, Instant.now());
                    System.out.println("replayed " + moved.replayed() + " dead letter(s) of " + target.destination + " to " + to);
                    if (moved.alreadyThere() > 0) {
                        System.out.println("left " + moved.alreadyThere() + " dead at " + target.destination + ": their messages already have a delivery to " + to
                                + " (purge them with: junction dlq purge --destination " + target.destination + " --config " + config.path() + ")");
                    }
                } else if (target.id != null) {
                    if (!store.replay(target.id, Instant.now())) {
                        throw new JunctionCli.UserError("delivery " + target.id + " is not a dead letter");
                    }
                    System.out.println("replayed " + target.id + " (pending; a running gateway sends it within its poll interval)");
                } else {
                    // Replayed deliveries of a destination the config no longer has would wait with no one to send them.
                    PauseCommand.requireNamed("destination", target.destination, cfg.destinations(), config.path());
                    int n = store.replayAll(target.destination, Instant.now());
                    System.out.println("replayed " + n + " dead letter(s) of " + target.destination);
                }
                return 0;
            }
        }
    }


    @Command(name = "purge", description = "Delete dead letters for good: one, all of a destination, or all.")
    static final class Purge implements Callable<Integer> {
        @Mixin ConfigFile config;

        @ArgGroup(multiplicity = "1") Target target;

        static final class Target {
            @Option(names = "--id", description = "The delivery id.") String id;
            @Option(names = "--destination", description = "Every dead letter of this destination.") String destination;
            @Option(names = "--all", description = "Every dead letter.") boolean all;
        }

        @Override
        public Integer call() {
            JunctionConfig cfg = forStore(config.path());
            try (Store store = open(cfg, config.path())) {
                if (target.id != null) {
                    if (!store.purgeDeadLetter(target.id)) throw new JunctionCli.UserError("delivery " + target.id + " is not a dead letter");
                    System.out.println("purged " + target.id);
                } else {
                    requireKnown(cfg, store, target.destination, config.path());
                    int n = store.purgeDeadLetters(Optional.ofNullable(target.destination));
                    System.out.println("purged " + n + " dead letter(s)" + (target.destination != null ? " of " + target.destination : ""));
                }
                return 0;
            }
        }
    }
}
