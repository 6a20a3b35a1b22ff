package dev.junction.server.design;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A terminal a test types into and reads, as a person would: a tmux session of its own (on its own socket, so
 * nothing else's tmux is touched) running one command; keys go in with send-keys, the screen comes back with
 * capture-pane.
 */
final class Terminal implements AutoCloseable {

    private final String socket = "junction-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private static final String SESSION = "wizard";

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code command} in {@code dir}, on a 160x50 screen; the pane stays after it exits, to be read. */
    Terminal(Path dir, List<String> command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50", "-c", dir.toString()));
        args.add(String.join(" ", command.stream().map(Terminal::shellQuoted).toList()) + "; echo \"[exit $?]\"; sleep 600");
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} literally, then Enter. */
    void answer(String text) throws IOException, InterruptedException {
        if (!text.isEmpty()) tmux("send-keys", "-t", SESSION, "-l", text);
        tmux("send-keys", "-t", SESSION, "Enter");
    }

    /** What the screen shows now, with its scrollback. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", SESSION);
    }

    /** Waits (up to 30 s) until the screen shows {@code text}, and returns the screen. */
    String waitFor(String text) {
        String[] seen = {""};
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen[0] = screen();
            return seen[0].contains(text);
        });
        return seen[0];
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("tmux " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static String shellQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Ends this terminal's tmux server (its own socket): the command in it goes with it. */
    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }
}
