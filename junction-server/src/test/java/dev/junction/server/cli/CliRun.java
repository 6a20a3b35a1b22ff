package dev.junction.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code junction ...} through its entry point in this JVM and captures what it prints. */
public record CliRun(int exit, String out, String err) {

    public static synchronized CliRun run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = JunctionCli.run(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A config file {@code dir/junction.yaml} with the given store and a destination that is never reached. */
    public static Path storeConfig(Path dir, String storeUrl) throws IOException {
        Path config = dir.resolve("junction.yaml");
        Files.writeString(config, """
                store: { url: "%s" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["whsec_x"] }
                destinations:
                  billing: { url: "http://127.0.0.1:9/hooks" }
                routes:
                  - { from: stripe, to: [billing] }
                """.formatted(storeUrl));
        return config;
    }
}
