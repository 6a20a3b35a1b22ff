package dev.junction.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code -c/--config} option of the commands that run a gateway or work on its store, defined once
 * ({@code @Mixin ConfigFile config}). {@code check}, {@code explain}, {@code backup} and {@code drill} keep their own:
 * they read the file differently (placeholders for unset variables, the store alone, an optional file).
 */
final class ConfigFile {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The gateway's YAML config file (secrets come from $${ENV}).")
    private Path path;

    Path path() {
        return path;
    }
}
