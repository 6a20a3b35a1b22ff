package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * wrk as the bench drives it, against any stack that takes Stripe-signed events at {@code POST /in/stripe}:
 * 1 thread, 32 connections, unique events pre-signed into a file its Lua script reads, one summary line out.
 */
final class Wrk {

    static final int THREADS = 1;
    static final int CONNECTIONS = 32;

    /** What one wrk run measured; latencies from wrk's own closed loop. */
    record Output(double seconds, long requests, long accepted, long other, long socketErrors, double p50Ms, double p99Ms, double maxMs) {
        double acksPerSecond() {
            return accepted / seconds;
        }
    }

    private Wrk() {}

    static boolean installed() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The Lua script, written into {@code dir}. */
    static Path script(Path dir) throws Exception {
        Path script = dir.resolve("stripe-events.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("/wrk/stripe-events.lua")) {
            Files.copy(in, script);
        }
        return script;
    }

    /** Unique events, each signed now (Stripe's tolerance is minutes; the run is seconds). */
    static Path presign(Path dir, String tag, long events) throws Exception {
        Path file = dir.resolve(tag + ".tsv");
        Payloads payloads = new Payloads(tag);
        long now = System.currentTimeMillis() / 1000;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long n = 0; n < events; n++) {
                byte[] body = payloads.body(n);
                w.write(Payloads.stripeSignature(now, body));
                w.write('\t');
                w.write(new String(body, StandardCharsets.UTF_8));
                w.write('\n');
            }
        }
        return file;
    }

    static String run(int port, Path script, Path requests, Duration duration) throws Exception {
        List<String> command = List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + duration.toSeconds() + "s",
                "--timeout", "10s", "-s", script.toString(), "http://127.0.0.1:" + port + "/in/stripe", "--", requests.toString());
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + output.strip());
        }
        return output;
    }

    static Output parse(String wrkOutput) throws Exception {
        String line = wrkOutput.lines().filter(l -> l.startsWith("JUNCTION_WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no summary: " + wrkOutput.strip()));
        JsonNode j = new ObjectMapper().readTree(line.substring("JUNCTION_WRK ".length()));
        return new Output(j.get("duration_us").asLong() / 1e6, j.get("requests").asLong(), j.get("accepted").asLong(), j.get("other").asLong(),
                j.get("socket_errors").asLong(), j.get("p50_us").asLong() / 1000.0, j.get("p99_us").asLong() / 1000.0,
                j.get("max_us").asLong() / 1000.0);
    }
}
