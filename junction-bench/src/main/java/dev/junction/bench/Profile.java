package dev.junction.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CPU profile of the gateway process under the wrk load, by async-profiler (attached through the JDK's
 * attach API, so the measured run is not profiled). async-profiler rather than JFR: JFR attributes the
 * work of virtual threads poorly, and the gateway runs every request on one. The report keeps the
 * headline: CPU by area of the pipeline and the hottest frames.
 */
final class Profile {

    /** Areas of the pipeline, first match from the leaf of a stack wins. */
    private static final Map<String, String> AREAS = areas();

    /** @param byArea share of samples per area; @param topFrames the hottest leaf frames and their share */
    record Headline(long samples, String event, Map<String, Double> byArea, Map<String, Double> topFrames) {}

    private final VirtualMachine vm;
    private final Path library;
    private final String event;

    private Profile(VirtualMachine vm, Path library, String event) {
        this.vm = vm;
        this.library = library;
        this.event = event;
    }

    /** Starts profiling process {@code pid}: CPU cycles where perf events are allowed, else the interval timer. */
    static Profile start(long pid, Path workDir) throws Exception {
        Path library = workDir.resolve("libasyncProfiler.so");
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
        try (InputStream in = Profile.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
            if (in == null) throw new IllegalStateException("async-profiler's native library for " + arch + " is not on the classpath");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        for (String event : List.of("cpu", "itimer")) {
            try {
                vm.loadAgentPath(library.toString(), "start,event=" + event + ",interval=1ms");
                return new Profile(vm, library, event);
            } catch (Exception e) {
                // perf events may be forbidden (perf_event_paranoid, containers): the timer works everywhere
            }
        }
        vm.detach();
        throw new IllegalStateException("async-profiler could not start in process " + pid);
    }

    /** Stops, reads the collapsed stacks and detaches. */
    Headline stop(Path workDir) throws Exception {
        Path collapsed = workDir.resolve("profile.collapsed");
        try {
            vm.loadAgentPath(library.toString(), "stop,file=" + collapsed + ",collapsed");
        } finally {
            vm.detach();
        }
        // -Dbench.profile-dir=DIR keeps the collapsed stacks (flame graph input) beyond the run's temporary directory.
        String keep = System.getProperty("bench.profile-dir");
        if (keep != null) {
            Path dir = Files.createDirectories(Path.of(keep));
            Files.copy(collapsed, dir.resolve("wrk-" + event + "-" + System.currentTimeMillis() + ".collapsed"), StandardCopyOption.REPLACE_EXISTING);
        }
        return headline(Files.readAllLines(collapsed), event);
    }

    static Headline headline(List<String> collapsedLines, String event) {
        Map<String, Long> areas = new TreeMap<>();
        Map<String, Long> leaves = new TreeMap<>();
        long total = 0;
        for (String line : collapsedLines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            total += n;
            leaves.merge(frames[frames.length - 1], n, Long::sum);
            areas.merge(areaOf(frames), n, Long::sum);
        }
        return new Headline(total, event, shares(areas, total, areas.size()), shares(leaves, total, 12));
    }

    private static String areaOf(String[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            for (Map.Entry<String, String> a : AREAS.entrySet()) {
                if (frames[i].contains(a.getKey())) return a.getValue();
            }
        }
        return "other (JVM runtime, kernel, threads)";
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total, int most) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(most)
                .forEach(e -> out.put(e.getKey(), total == 0 ? 0 : 100.0 * e.getValue() / total));
        return out;
    }

    private static Map<String, String> areas() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("CompileBroker", "JIT compiler");
        a.put("G1", "GC");
        a.put("org/sqlite", "SQLite (driver and native)");
        a.put("libsqlitejdbc", "SQLite (driver and native)");
        a.put("com/zaxxer/hikari", "connection pool");
        a.put("dev/junction/store", "store (Junction's JDBC code)");
        a.put("dev/junction/core/verify/DedupeKeys", "dedupe key (JSON)");
        a.put("dev/junction/core/verify", "signature verification");
        a.put("io/micrometer", "metrics");
        a.put("ch/qos/logback", "logging");
        a.put("org/eclipse/jetty/client", "delivery HTTP client (Jetty)");
        a.put("dev/junction/engine/deliver", "dispatcher and delivery");
        a.put("dev/junction/engine", "ingest and routing");
        a.put("dev/junction/server", "HTTP handlers");
        a.put("io/javalin", "HTTP server (Javalin)");
        a.put("org/eclipse/jetty", "HTTP server (Jetty)");
        a.put("com/fasterxml/jackson", "JSON (Jackson)");
        return a;
    }

    static String markdown(Headline h) {
        if (h == null) return "";
        StringBuilder b = new StringBuilder(String.format("%nProfile of the gateway process during a second wrk run of the same length "
                + "(async-profiler, event %s, %,d samples): CPU by area, then the hottest frames.%n%n| area | share of the gateway's CPU |%n|---|---:|%n",
                h.event(), h.samples()));
        h.byArea().forEach((k, v) -> b.append(String.format("| %s | %.1f%% |%n", k, v)));
        b.append("\n| hottest frame (self) | share |\n|---|---:|\n");
        h.topFrames().forEach((k, v) -> b.append(String.format("| `%s` | %.1f%% |%n", k.replace("|", "\\|"), v)));
        return b.toString();
    }
}
