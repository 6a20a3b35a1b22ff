package dev.junction.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark's smoke mode end to end (every phase for ~2 s, a tiny JMH run) and checks that it
 * succeeded and wrote a complete report. Checks the tool, never the figures: no timing assertions.
 * PostgreSQL is included when reachable (required when JUNCTION_REQUIRE_PG=true, as in CI); so are RabbitMQ
 * and NATS in the destination-kinds phase (JUNCTION_REQUIRE_RABBITMQ, JUNCTION_REQUIRE_NATS).
 */
class BenchSmokeTest {

    private static final String PG_URL = System.getenv().getOrDefault("JUNCTION_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Test
    void smokeRunWritesACompleteReport(@TempDir Path out) throws Exception {
        boolean pg = Target.postgresReachable(PG_URL);
        if (!pg && Boolean.parseBoolean(System.getenv("JUNCTION_REQUIRE_PG"))) {
            throw new IllegalStateException("JUNCTION_REQUIRE_PG=true but no PostgreSQL at " + PG_URL);
        }
        if (!pg) System.out.println("*** bench smoke test: PostgreSQL not reachable, SQLite only ***");
        List<String> args = new ArrayList<>(List.of("--smoke", "--out", out.toString()));
        if (!pg) args.addAll(List.of("--stores", "sqlite"));

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = BenchMain.run(new PrintStream(console, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        String log = console.toString(StandardCharsets.UTF_8);
        System.out.println(log);

        assertThat(exit).as("exit code; console:%n%s", log).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().toList();
        }
        Path md = files.stream().filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
        Path json = files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        assertThat(md.getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}-smoke.*\\.md");

        String report = Files.readString(md);
        for (String section : Report.SECTIONS) assertThat(report).contains(section);
        assertThat(report).contains("SQLite").contains("Ingest throughput").contains("Ingest alone").contains("JIT warm-up")
                .contains("End-to-end p50 / p99")
                .contains("Delivery throughput").contains("VerifyBench").contains("ClaimBench").contains("RouteBench");
        if (pg) assertThat(report).contains("PostgreSQL");

        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("machine").get("cpuModel").isNull()).isFalse();
        assertThat(tree.get("httpCeiling").get("load").get("accepted").asLong()).isPositive();
        assertThat(tree.get("stores")).hasSize(pg ? 2 : 1);
        for (JsonNode store : tree.get("stores")) {
            assertThat(store.get("rawBatched").get("events").asLong()).isPositive();
            assertThat(store.get("ingest").get("load").get("accepted").asLong()).isPositive();
            // Ingest alone: events accepted while the paused destination received nothing (a delivery would be a problem below).
            assertThat(store.get("ingestAlone").get("load").get("accepted").asLong()).isPositive();
            assertThat(store.get("ingestAlone").get("deliveredDuringLoad").asLong()).isZero();
            assertThat(store.get("ingest").get("usage").get("jitCpuPercentOfMachine").isNumber()).isTrue();
            assertThat(store.get("rawSingle").get("commitMsP99").asDouble()).isPositive();
            assertThat(store.get("openLoop").get("delivered").asLong()).isPositive();
            assertThat(store.get("drainFailing").get("failuresAnswered").asLong()).isPositive();
            assertThat(store.get("problems")).isEmpty();
        }
        // Delivery to each kind of destination: HTTP always; a broker when it runs (required where CI requires it).
        assertThat(report).contains("Delivery throughput by destination kind");
        assertThat(tree.get("kinds")).extracting(k -> k.get("kind").asText()).containsExactly("http", "http-batched", "amqp", "nats");
        for (JsonNode kind : tree.get("kinds")) {
            String name = kind.get("kind").asText();
            String required = name.equals("amqp") ? "JUNCTION_REQUIRE_RABBITMQ" : name.equals("nats") ? "JUNCTION_REQUIRE_NATS" : null;
            if (kind.get("skipped").isNull() || required != null && Boolean.parseBoolean(System.getenv(required))) {
                assertThat(kind.get("delivered").asLong()).as(name + ": " + kind.get("skipped")).isPositive();
            } else {
                assertThat(log).contains("  " + name + ": SKIPPED, no ");
            }
        }
        // Outbound webhooks (in smoke runs by default, tiny counts): both steps published and fanned out, on every store.
        assertThat(report).contains("## Outbound webhooks");
        assertThat(tree.get("outbound")).hasSize(pg ? 2 : 1);
        for (JsonNode run : tree.get("outbound")) {
            assertThat(run.get("failed").isNull()).as(run.get("failed").asText()).isTrue();
            for (String step : List.of("base", "scale")) {
                assertThat(run.get(step).get("publish").get("accepted").asLong()).isPositive();
                assertThat(run.get(step).get("delivered").asLong()).isPositive();
                assertThat(run.get(step).get("activeEndpoints").asInt()).isPositive();
            }
            assertThat(run.get("scale").get("disabled").asInt()).isPositive();
        }
        // Client library: the per-call overhead benchmark always; the outbox relay drain on PostgreSQL when it runs.
        assertThat(report).contains("## Client library (junction-client)").contains("ClientBench");
        if (pg) {
            assertThat(tree.get("client").get("runs")).hasSize(2);
            for (JsonNode run : tree.get("client").get("runs")) {
                assertThat(run.get("complete").asBoolean()).isTrue();
                assertThat(run.get("duplicates").asLong()).isZero();
                assertThat(run.get("delivered").asLong()).isEqualTo(run.get("events").asLong());
            }
        } else {
            assertThat(tree.get("client").get("skipped").asText()).contains("SKIPPED");
        }
        // Two-way sync: every change reached all three CRMs, no loop, no duplicate; the reconciliation found exactly the drift made.
        assertThat(report).contains("## Two-way sync").contains("Reconciliation of 2,000 records");
        JsonNode sync = tree.get("sync");
        assertThat(sync.get("throughput").get("synced").asLong()).isEqualTo(sync.get("throughput").get("changes").asLong()).isPositive();
        assertThat(sync.get("throughput").get("loops").asLong()).isZero();
        assertThat(sync.get("throughput").get("duplicates").asInt()).isZero();
        JsonNode first = sync.get("reconcile").get("first");
        assertThat(first.get("records").asLong()).isGreaterThan(2_000);
        assertThat(first.get("findings").asLong()).isEqualTo(first.get("drifted").asLong()).isPositive();
        assertThat(sync.get("reconcile").get("second").get("consistentRatio").asDouble()).isEqualTo(1.0);
        assertThat(tree.get("goals")).hasSize(3 * (pg ? 2 : 1));
        assertThat(tree.get("jmh").size()).isGreaterThanOrEqualTo(3);
        assertThat(tree.get("problems")).isEmpty();
    }
}
