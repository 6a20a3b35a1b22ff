package dev.junction.server.cli;

import dev.junction.store.TestQueue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JunctionCliTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** A config whose store is SQLite in the test's directory; the destination is never reached. */
    private Path storeConfig() throws java.io.IOException {
        return CliRun.storeConfig(dir, "sqlite:" + dir + "/junction.db");
    }

    /** As {@link #storeConfig()}, with the store made, as a gateway's first start makes it. */
    private Path existingStoreConfig() throws java.io.IOException {
        Path config = storeConfig();
        dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null).close();
        return config;
    }

    /** A dead letter {@code dlv_KEY} to billing for each key, as a 400 leaves it. */
    private void deadLetters(String... keys) {
        deadLettersTo("billing", keys);
    }

    private void deadLettersTo(String destination, String... keys) {
        java.time.Instant now = java.time.Instant.now();
        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            for (String key : keys) {
                TestQueue.ingest(store, new dev.junction.store.NewMessage("msg_" + key, "stripe", key, now, "application/json",
                        java.util.Map.of(), "{}".getBytes(), null), java.util.List.of(destination), () -> "dlv_" + key);
            }
            for (var d : TestQueue.claimDue(store, "test", now, java.time.Duration.ofMinutes(1), 10)) {
                store.complete("test", new dev.junction.store.AttemptRecord(d.id(), 1, now, java.time.Duration.ZERO,
                        dev.junction.core.retry.OutcomeClass.PERMANENT, 400, null, null), new dev.junction.store.Completion.Dead("HTTP 400"), now);
            }
        }
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve", "demo", "dlq", "keys");
    }

    @Test
    void aCommandNamedFirstIsBuiltAloneYetHelpAndMistakesStillSeeEveryCommand() {
        // Only 'serve' is built for 'serve ...': its own options and messages are unchanged.
        CliRun missing = run("serve");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--config=FILE'").contains("Usage: junction serve");
        CliRun help = run("help", "keys");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: junction keys", "create", "revoke");
        CliRun typo = run("serv", "--config", "x.yaml");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("Unmatched arguments").contains("serve");
        for (Class<?> command : JunctionCli.COMMANDS) {
            assertThat(run("help").out()).contains(command.getAnnotation(picocli.CommandLine.Command.class).hidden()
                    ? "" : command.getAnnotation(picocli.CommandLine.Command.class).name());
        }
    }

    @Test
    void servingOnAPortInUseIsOneLineNamingTheSetting() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path config = storeConfig();
            java.nio.file.Files.writeString(config, "server: { host: 127.0.0.1, port: " + taken.getLocalPort() + " }\n"
                    + java.nio.file.Files.readString(config));
            CliRun r = run("serve", "--config", config.toString());
            assertThat(r.exit()).isEqualTo(2);
            // The one line the CLI prints for it (log lines before it go wherever the logging config sends them), no stack trace.
            assertThat(r.err().strip().lines().toList().getLast()).isEqualTo("junction: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use or not allowed (server.port, server.host); stop what listens there or choose another port");
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void everyCommandTakesHelpBeforeItsRequiredOptions() {
        for (String[] args : new String[][] {{"serve", "--help"}, {"check", "--help"}, {"dlq", "--help"}, {"dlq", "list", "-h"},
                {"keys", "create", "--help"}, {"new", "--help"}, {"drill", "--help"}, {"transform", "--help"}}) {
            CliRun r = run(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).contains("Usage: junction " + args[0]);
        }
    }

    /** Every option and parameter of every command says what it is: -c/--config of poll, dlq, keys, pause..., dlq list --limit and keys revoke's NAME had nothing. */
    @Test
    void everyOptionOfEveryCommandHasADescription() {
        picocli.CommandLine cli = new picocli.CommandLine(new JunctionCli());
        for (Class<?> command : JunctionCli.COMMANDS) cli.addSubcommand(command);
        java.util.List<String> bare = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(cli));
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            for (var option : c.getCommandSpec().options()) {
                if (String.join("", option.description()).isBlank()) bare.add(c.getCommandSpec().qualifiedName() + " " + option.longestName());
            }
            for (var parameter : c.getCommandSpec().positionalParameters()) {
                if (String.join("", parameter.description()).isBlank()) bare.add(c.getCommandSpec().qualifiedName() + " " + parameter.paramLabel());
            }
        }
        assertThat(bare).isEmpty();
        for (String[] args : new String[][] {{"poll", "--help"}, {"dlq", "list", "--help"}, {"keys", "revoke", "--help"}, {"pause", "--help"}}) {
            assertThat(run(args).out().replaceAll("\\s+", " ")).as(String.join(" ", args)).contains("-c, --config=FILE", "The gateway's YAML config file (secrets come from ${ENV}).");
        }
        assertThat(run("dlq", "list", "--help").out().replaceAll("\\s+", " ")).contains("--limit=<limit>", "oldest first (default 100)");
    }

    /** -V/--version was accepted by every subcommand and printed nothing; each prints the gateway's version now. */
    @Test
    void everyCommandPrintsTheVersion() {
        String version = run("--version").out().strip();
        assertThat(version).isEqualTo("junction 0.1.0");
        for (String[] args : new String[][] {{"serve", "-V"}, {"dlq", "list", "--version"}, {"keys", "create", "-V"}, {"check", "--version"}}) {
            CliRun r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out().strip()).as(String.join(" ", args)).isEqualTo(version);
        }
    }

    @Test
    void helpShowsTheConfigsVariablesAsWrittenNeverTheirValuesHere() {
        // picocli reads a bare ${NAME} in a description as a variable (system property, then environment): the help
        // said "secrets come from null", and printed an alerts webhook's URL (a credential) where it was set.
        System.setProperty("ALERTS_WEBHOOK_URL", "https://hooks.example/services/T0/B0/not-for-help-text");
        try {
            assertThat(run("help", "new").out()).contains("(default: ${ALERTS_WEBHOOK_URL})", "${<TO>_WEBHOOK_URL})")
                    .doesNotContain("not-for-help-text");
        } finally {
            System.clearProperty("ALERTS_WEBHOOK_URL");
        }
        assertThat(run("help", "serve").out()).contains("secrets come from ${ENV}").doesNotContain("null");
        assertThat(run("help", "check").out()).contains("${VAR}s not set here").doesNotContain("null");
        assertThat(run("help", "explain").out()).contains("${VAR}s not set here").doesNotContain("null");
    }

    @Test
    void theTrainingRunBehindTheStartupCacheDeliversEveryAcceptedEvent() {
        CliRun r = run("train", "--events", "120");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        // 120 planned: 3 forged and 2 stale (refused), 115 accepted and all delivered; 15 of those sent again (duplicates).
        assertThat(r.out()).contains("training: 135 events sent, 115 accepted, 115 delivered");
    }

    @Test
    void aBadConfigGetsOneLineNamingFileLineAndKey() throws Exception {
        Path config = dir.resolve("junction.yaml");
        Files.writeString(config, """
                server: { port: 8080 }
                store: { url: "sqlite:./data/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["whsec_x"] }
                destinations:
                  billing:
                    url: "http://127.0.0.1:9000/hooks"
                    timeout: 5 seconds
                routes:
                  - from: stripe
                    to: [billing]
                """);
        CliRun r = run("serve", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("junction: ")
                .contains("junction.yaml:9:").contains("destinations.billing.timeout").doesNotContain("Exception");
    }

    @Test
    void aMissingConfigFileIsOneLine() {
        CliRun r = run("serve", "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("nope.yaml");
    }

    @Test
    void dlqListAndReplayWorkOnTheStoreOfAConfig() throws Exception {
        Path config = existingStoreConfig();
        CliRun empty = run("dlq", "list", "--config", config.toString());
        assertThat(empty.exit()).isZero();
        assertThat(empty.out()).contains("0 dead letter(s)");

        deadLetters("evt_a", "evt_b");
        java.time.Instant now = java.time.Instant.now();
        CliRun list = run("dlq", "list", "--config", config.toString());
        assertThat(list.out()).contains("dlv_evt_a", "dlv_evt_b", "HTTP 400", "2 dead letter(s)");
        CliRun one = run("dlq", "replay", "--config", config.toString(), "--id", "dlv_evt_a");
        assertThat(one.exit()).isZero();
        assertThat(run("dlq", "list", "--config", config.toString()).out()).doesNotContain("dlv_evt_a").contains("1 dead letter(s)");
        CliRun all = run("dlq", "replay", "--config", config.toString(), "--destination", "billing");
        assertThat(all.out()).contains("replayed 1 dead letter(s) of billing");
        assertThat(run("dlq", "list", "--config", config.toString()).out()).contains("0 dead letter(s)");

        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            for (var d : TestQueue.claimDue(store, "test", now.plusSeconds(60), java.time.Duration.ofMinutes(1), 10)) {
                store.complete("test", new dev.junction.store.AttemptRecord(d.id(), 1, now, java.time.Duration.ZERO,
                        dev.junction.core.retry.OutcomeClass.PERMANENT, 400, null, null), new dev.junction.store.Completion.Dead("HTTP 400"), now);
            }
        }
        assertThat(run("dlq", "list", "--config", config.toString()).out()).contains("2 dead letter(s)");
        assertThat(run("dlq", "purge", "--config", config.toString(), "--id", "dlv_evt_a").out()).contains("purged dlv_evt_a");
        assertThat(run("dlq", "purge", "--config", config.toString(), "--all").out()).contains("purged 1 dead letter(s)");
        assertThat(run("dlq", "list", "--config", config.toString()).out()).contains("0 dead letter(s)");

        CliRun replay = run("dlq", "replay", "--config", config.toString(), "--id", "dlv_nope");
        assertThat(replay.exit()).isEqualTo(2);
        assertThat(replay.err()).contains("dlv_nope is not a dead letter");
    }

    @Test
    void commandsOnAGatewaysStoreRefuseOneThatIsNotThereAndMakeNone() throws Exception {
        // As when run from another directory than the gateway's, with store.url relative (./junction-data/...).
        Path config = storeConfig();
        Path db = dir.resolve("junction.db");
        for (String[] args : new String[][] {{"dlq", "list"}, {"dlq", "purge", "--all"}, {"dlq", "replay", "--destination", "billing"},
                {"pause", "--destination", "billing"}, {"resume", "--destination", "billing"}, {"keys", "list"}, {"keys", "revoke", "ci"}}) {
            String[] withConfig = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--config", config.toString()))
                    .toArray(String[]::new);
            CliRun r = run(withConfig);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.out()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).isEqualTo("junction: no SQLite store at " + db + " (store.url in " + config
                    + "): a gateway creates it on its first start; check the path (a relative one is read from the current directory)");
            assertThat(db).as(String.join(" ", args)).doesNotExist();
        }
        // A key may be issued before the gateway's first start: that command makes the store.
        assertThat(run("keys", "create", "ci", "--role", "read", "--config", config.toString()).exit()).isZero();
        assertThat(db).exists();
        assertThat(run("keys", "list", "--config", config.toString()).out()).contains("1 key(s)");
    }

    @Test
    void keysAndTheStoresOtherCommandsNeedTheStoresVariablesOnlyNotTheSourcesSecrets() throws Exception {
        // An operator minting a key may not hold the webhook secrets: the docs' config reads them from the environment.
        Path config = Files.writeString(dir.resolve("secrets.yaml"), """
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${PROBE_UNSET_STRIPE_SECRET}"] }
                destinations:
                  billing: { url: "${PROBE_UNSET_BILLING_URL}" }
                routes:
                  - { from: stripe, to: [billing] }
                """.formatted(dir));
        CliRun created = run("keys", "create", "ops", "--role", "admin", "--config", config.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out().strip()).startsWith("jk_");
        assertThat(run("keys", "list", "--config", config.toString()).out()).contains("1 key(s)");
        assertThat(run("dlq", "list", "--config", config.toString()).out()).contains("0 dead letter(s)");

        Path storeUnset = Files.writeString(dir.resolve("store-unset.yaml"),
                Files.readString(config).replace("sqlite:" + dir + "/junction.db", "${PROBE_UNSET_DATABASE_URL}"));
        CliRun refused = run("keys", "list", "--config", storeUnset.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("junction: " + storeUnset + ": the store's settings need PROBE_UNSET_DATABASE_URL, which is not set");
    }

    @Test
    void deadLettersOfARenamedDestinationAreReplayedToItsNewName() throws Exception {
        Path config = existingStoreConfig(); // has billing; ledger was renamed to it
        deadLettersTo("ledger", "evt_a", "evt_b");
        CliRun listed = run("dlq", "list", "--config", config.toString(), "--destination", "ledger");
        assertThat(listed.exit()).as("removed from the config, but its deliveries are there: " + listed.err()).isZero();
        assertThat(listed.out()).contains("2 dead letter(s)");
        CliRun moved = run("dlq", "replay", "--config", config.toString(), "--destination", "ledger", "--to", "billing");
        assertThat(moved.exit()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("replayed 2 dead letter(s) of ledger to billing");
        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            assertThat(store.deliveriesOf("msg_evt_a")).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo("dlv_evt_a");
                assertThat(d.destination()).isEqualTo("billing");
                assertThat(d.state()).isEqualTo(dev.junction.core.model.DeliveryState.PENDING);
            });
        }
        CliRun typo = run("dlq", "replay", "--config", config.toString(), "--destination", "ledger", "--to", "biling");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err().strip()).isEqualTo("junction: no destination 'biling' in " + config + " (destinations: billing)");
        assertThat(run("dlq", "replay", "--config", config.toString(), "--id", "dlv_evt_a", "--to", "billing").err())
                .contains("--to needs --destination");
        // A name neither configured nor ever delivered to is a typo: refused, as the API refuses it, not "0 dead letters".
        for (String[] args : new String[][] {{"replay", "--destination", "ledgr", "--to", "billing"}, {"purge", "--destination", "ledgr"},
                {"list", "--destination", "ledgr"}}) {
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("dlq", args[0], "--config", config.toString()));
            all.addAll(java.util.List.of(args).subList(1, args.length));
            CliRun refused = run(all.toArray(String[]::new));
            assertThat(refused.exit()).as(String.join(" ", all) + ": " + refused.out()).isEqualTo(2);
            assertThat(refused.err()).contains("no destination 'ledgr'", "nor any delivery to one of that name");
        }
    }

    @Test
    void pauseAndResumeAreSharedThroughTheStore() throws Exception {
        Path config = existingStoreConfig();
        assertThat(run("pause", "--config", config.toString(), "--destination", "billing", "--reason", "deploy").out()).contains("paused destination billing");
        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            assertThat(store.pauses()).extracting(dev.junction.store.Pause::name, dev.junction.store.Pause::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", "deploy"));
        }
        assertThat(run("resume", "--config", config.toString(), "--destination", "billing").out()).contains("resumed destination billing");
        CliRun again = run("resume", "--config", config.toString(), "--destination", "billing");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("is not paused");
    }

    @Test
    void aNameTheConfigDoesNotHaveIsRefusedAndNothingIsPaused() throws Exception {
        Path config = existingStoreConfig();
        CliRun typo = run("pause", "--config", config.toString(), "--destination", "biling");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err().strip()).isEqualTo("junction: no destination 'biling' in " + config + " (destinations: billing)");
        assertThat(run("pause", "--config", config.toString(), "--source", "strip").err()).contains("no source 'strip'", "(sources: stripe)");
        assertThat(run("dlq", "replay", "--config", config.toString(), "--destination", "biling").exit()).isEqualTo(2);
        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            assertThat(store.pauses()).isEmpty();
            store.pause(dev.junction.store.Pause.Kind.DESTINATION, "ledger", "paused under a config that had it", java.time.Instant.now());
        }
        CliRun typoResume = run("resume", "--config", config.toString(), "--destination", "ledgr");
        assertThat(typoResume.exit()).as("resume refuses a name neither configured nor paused, as pause and the admin API do").isEqualTo(2);
        assertThat(typoResume.err().strip()).isEqualTo("junction: no destination 'ledgr' in " + config + " (destinations: billing)");
        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            store.pause(dev.junction.store.Pause.Kind.SOURCE, "legacy", "paused under a config that had it", java.time.Instant.now());
        }
        // A pause left by a source since removed still holds its messages' deliveries: it can be resumed, as one of a destination.
        assertThat(run("resume", "--config", config.toString(), "--source", "legacy").exit()).isZero();
        assertThat(run("resume", "--config", config.toString(), "--destination", "ledger").exit()).isZero();
        try (var store = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
            assertThat(store.pauses()).isEmpty();
        }
    }

    @Test
    void keysAreCreatedShownOnceListedWithoutTheKeyAndRevoked() throws Exception {
        Path config = storeConfig();
        CliRun created = run("keys", "create", "ci", "--role", "read", "--config", config.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).as("the key alone on stdout").matches("jk_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("read key 'ci'", "only time");
        assertThat(run("keys", "create", "ops", "--role", "admin", "--config", config.toString()).exit()).isZero();

        CliRun list = run("keys", "list", "--config", config.toString());
        assertThat(list.out()).contains("ci", "read", key.substring(0, 7) + "…", "never", "active", "ops", "admin", "2 key(s)")
                .doesNotContain(key.substring(7));

        CliRun revoked = run("keys", "revoke", "ci", "--config", config.toString());
        assertThat(revoked.exit()).isZero();
        assertThat(revoked.out()).contains("revoked key 'ci'", "within 5 s");
        assertThat(run("keys", "list", "--config", config.toString()).out()).containsPattern("ci\\s+read.*revoked 20");

        CliRun again = run("keys", "revoke", "ci", "--config", config.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("junction: no active key named 'ci' ('junction keys list' shows them)");
        CliRun taken = run("keys", "create", "ci", "--role", "admin", "--config", config.toString());
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err()).contains("a key named 'ci' exists");
        CliRun badRole = run("keys", "create", "x", "--role", "root", "--config", config.toString());
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err().strip()).doesNotContain("\n").contains("role must be read or admin");
    }

    @Test
    void aKeyIsStoredOnlyAsItsSha256() throws Exception {
        Path config = storeConfig();
        String key = run("keys", "create", "ci", "--role", "admin", "--config", config.toString()).out().strip();

        StringBuilder everything = new StringBuilder();
        String hash = null;
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("junction.db"));
             var rs = c.createStatement().executeQuery("SELECT * FROM api_keys")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) everything.append(rs.getString(i)).append('|');
                hash = rs.getString("key_hash");
            }
        }
        assertThat(everything.toString()).doesNotContain(key).doesNotContain(key.substring(7));
        assertThat(hash).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** The day-2 commands docs/operations.md lists run as written, each dlv_... standing for a dead letter of the store. */
    @Test
    void theDayTwoCommandsOfTheOperationsGuideRunAsWritten() throws Exception {
        Path config = existingStoreConfig();
        deadLetters("evt_a", "evt_b");
        String guide = Files.readString(dev.junction.server.RepoFiles.find("docs/operations.md"));
        String section = guide.substring(guide.indexOf("## Day 2"), guide.indexOf("## Tests"));
        String block = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("```", section.indexOf("```sh\n") + 6));
        java.util.Iterator<String> deadLetters = java.util.List.of("dlv_evt_a", "dlv_evt_b").iterator();

        java.util.List<String> ran = new java.util.ArrayList<>();
        for (String line : block.strip().lines().toList()) {
            String command = line.replaceAll("\\s+#.*$", "").strip();
            assertThat(command).startsWith("./junction ");
            String[] args = command.substring("./junction ".length()).replace("junction.yaml", config.toString()).split(" +");
            for (int i = 0; i < args.length; i++) if (args[i].equals("dlv_...")) args[i] = deadLetters.next();
            CliRun r = run(args);
            assertThat(r.exit()).as(line + ": " + r.err()).isZero();
            ran.add(args[0] + " " + args[1]);
        }
        assertThat(ran).contains("dlq list", "dlq replay", "dlq purge", "pause --config", "resume --config", "keys list");
        assertThat(run("dlq", "list", "--config", config.toString()).out()).as("one replayed, one purged").contains("0 dead letter(s)");
    }
}
