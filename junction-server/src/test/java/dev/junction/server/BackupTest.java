package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.server.Downstream.Reply;
import dev.junction.server.config.ConfigLoader;
import dev.junction.store.jdbc.Stores;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction backup} against a gateway under load, through the CLI as a user runs it: a gateway
 * on the copy delivers every event acknowledged before the backup began; a copy that fails half-way
 * leaves nothing behind.
 */
class BackupTest {

    @TempDir
    Path dir;

    @Test
    void aGatewayOnTheCopyDeliversEveryEventAcknowledgedBeforeTheBackup() throws Exception {
        // The first downstream takes only even-numbered events and refuses the rest with 503, which the first
        // gateway retries on and on: the store holds both delivered and undelivered events when the backup runs.
        try (Downstream first = new Downstream().scriptByBody((body, n) -> Reply.status(number(body) % 2 == 0 ? 200 : 503));
             Downstream healthy = new Downstream()) {
            Path config = dir.resolve("junction.yaml");
            Files.writeString(config, yaml(dir.resolve("data"), first.url(), 0).replace("max-attempts: 4", "max-attempts: 1000"));
            Path copy = Files.createDirectories(dir.resolve("restored")).resolve("junction.db");

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            Set<String> ackedBeforeBackup;
            Cli backup;
            int ackedByTheEndOfTheBackup;
            // The gateway runs in this JVM (a child JVM takes too long to start on a busy machine); the backup
            // runs as its own process, as a user's shell or cron would run it.
            try (Gateway gateway = TestGateways.start(ConfigLoader.load(config))) {
                for (int t = 0; t < 4; t++) {
                    senders.add(Thread.ofVirtual().start(() -> {
                        while (sending.get()) {
                            String payload = TestGateways.stripeEvent("evt_backup_" + next.incrementAndGet());
                            try {
                                HttpResponse<String> r = TestGateways.postStripe(gateway.port(), payload);
                                if (r.statusCode() == 202) acknowledged.add(r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 120);
                ackedBeforeBackup = Set.copyOf(acknowledged);
                backup = junction("", "backup", "--config", config.toString(), "--to", copy.toString());
                ackedByTheEndOfTheBackup = acknowledged.size();
                sending.set(false);
                for (Thread t : senders) t.join();
            }
            assertThat(backup.exit()).as(backup.output()).isZero();
            assertThat(backup.output()).contains("backed up " + dir.resolve("data/junction.db") + " to " + copy, "messages", "pending");

            Map<String, String> stateInCopy = deliveryStates(copy);
            assertThat(stateInCopy.keySet()).as("acknowledged before the backup, so in the copy").containsAll(ackedBeforeBackup);
            Set<String> owed = new HashSet<>(ackedBeforeBackup);
            owed.removeIf(id -> stateInCopy.get(id).equals("SUCCEEDED"));
            assertThat(owed).as("undelivered at backup time: the copy has work to do").isNotEmpty();
            Set<String> deliveredFirst = ids(first);
            ackedBeforeBackup.stream().filter(id -> !owed.contains(id))
                    .forEach(id -> assertThat(deliveredFirst).as("succeeded in the copy, so delivered by the first gateway").contains(id));

            Path restoredConfig = dir.resolve("restored.yaml");
            Files.writeString(restoredConfig, yaml(copy.getParent(), healthy.url(), 0));
            try (Gateway restored = TestGateways.start(ConfigLoader.load(restoredConfig))) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> ids(healthy).containsAll(owed));
            }
            System.out.printf("backup under load: %d acknowledged before it, %d of them undelivered in the copy and delivered by a "
                    + "gateway on it; %d acknowledged while it ran%n%s", ackedBeforeBackup.size(), owed.size(),
                    ackedByTheEndOfTheBackup - ackedBeforeBackup.size(), backup.output());
        }
    }

    @Test
    void aCopyThatFailsHalfWayLeavesNothingAtTheTarget() throws Exception {
        // 12 MB of messages: three times the file size limit the backup runs under.
        Path config = storeOf(300, 40_000);
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path target = backups.resolve("junction.db");

        // A real write failure part-way through the copy: the kernel refuses to grow any file past 4 MiB
        // (RLIMIT_FSIZE; the JVM ignores SIGXFSZ, so the write fails with EFBIG as on a full disk).
        Cli failed = junction("ulimit -f 4096", "backup", "--config", config.toString(), "--to", target.toString());

        assertThat(failed.exit()).as(failed.output()).isEqualTo(2);
        assertThat(failed.output()).isEqualTo("junction: backup failed: writing the copy in " + backups
                + " failed with a disk I/O error (a full disk or a file size limit?)");
        assertThat(files(backups)).as("no partial copy, at the target or beside it").isEmpty();

        Cli unlimited = junction("", "backup", "--config", config.toString(), "--to", target.toString());
        assertThat(unlimited.exit()).as(unlimited.output()).isZero();
        assertThat(unlimited.output()).contains("messages    300");
        assertThat(files(backups)).containsExactly("junction.db");
    }

    @Test
    void aBackupStoppedBySigtermLeavesNoPartialCopy() throws Exception {
        // 400 MB, so the copy is still running when the signal comes.
        Path config = storeOf(400, 1_000_000);
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Process p = new ProcessBuilder(cli("backup", "--config", config.toString(), "--to", backups.resolve("junction.db").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> files(backups).stream().anyMatch(f -> f.endsWith(".partial")));
            p.destroy(); // SIGTERM, as a timeout or a service manager sends
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("stopped by the signal, not finished").isNotZero();
        assertThat(files(backups)).as("neither the partial copy nor its journal is left").isEmpty();
    }

    /** A SQLite store of {@code rows} messages of {@code bytes} random bytes each, made in one transaction; the config naming it. */
    private Path storeOf(int rows, int bytes) throws Exception {
        Path store = dir.resolve("data/junction.db");
        Stores.open("sqlite:" + store, null, null).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store)) {
            c.createStatement().executeUpdate("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
                    INSERT INTO messages (id, source, dedupe_key, received_at, headers, body)
                    SELECT 'msg_' || i, 'stripe', 'evt_' || i, 0, '{}', randomblob(%d) FROM n""".formatted(rows, bytes));
        }
        Path config = dir.resolve("junction.yaml");
        Files.writeString(config, yaml(dir.resolve("data"), "http://127.0.0.1:9/hooks", 0));
        return config;
    }

    /** The command line of {@code junction ARGS} in a child JVM on this test's classpath. */
    private static List<String> cli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.junction.server.cli.JunctionCli"));
        command.addAll(List.of(args));
        return command;
    }

    private record Cli(int exit, String output) {}

    /** {@code junction ARGS} in a child JVM, after {@code limits} (shell commands such as ulimit), with stdout and stderr merged. */
    private static Cli junction(String limits, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", (limits.isEmpty() ? "" : limits + " && ") + "exec \"$@\"", "bash"));
        command.addAll(cli(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("junction exited").isTrue();
        return new Cli(p.exitValue(), output);
    }

    /**
     * The tests' gateway config with the secret written in, not read from the environment, so the
     * gateway in this JVM and the backup in its own read the same file with nothing else to set up.
     */
    private static String yaml(Path dataDir, String downstreamUrl, int port) {
        return TestGateways.yaml(dataDir, downstreamUrl, port, "").replace("${STRIPE_WEBHOOK_SECRET}", TestGateways.STRIPE_SECRET);
    }

    private static int number(String body) {
        return Integer.parseInt(body.replaceAll(".*evt_backup_(\\d+).*", "$1"));
    }

    private static Map<String, String> deliveryStates(Path copy) throws Exception {
        Map<String, String> states = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy + "?open_mode=1");
             ResultSet rs = c.createStatement().executeQuery("SELECT message_id, state FROM deliveries")) {
            while (rs.next()) states.put(rs.getString(1), rs.getString(2));
        }
        return states;
    }

    private static Set<String> ids(Downstream downstream) {
        Set<String> ids = new HashSet<>();
        downstream.succeeded().forEach(r -> ids.add(r.header("webhook-id")));
        return ids;
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(f -> f.getFileName().toString()).toList();
        }
    }
}
