package dev.junction.server.cli;

import ch.qos.logback.classic.Level;
import dev.junction.server.demo.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The launcher's training run for the start-up cache; hidden, since nobody needs to type it. */
@Command(name = "train", hidden = true, description = "Run a short workload so the JVM can record a start-up cache.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "10000", description = "Events to send (default ${DEFAULT-VALUE}).")
    int events;

    @Override
    public Integer call() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.junction")).setLevel(Level.WARN);
        if (events < 1) throw new JunctionCli.UserError("--events must be at least 1");
        Path dir = Files.createTempDirectory("junction-train-");
        try {
            return new Training(events, dir, System.out).run();
        } finally {
            DemoCommand.deleteRecursively(dir);
        }
    }
}
