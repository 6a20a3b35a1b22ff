package dev.junction.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the machine is, and what it did during a phase: CPU (whole machine from /proc/stat, so the
 * PostgreSQL server is counted too; and this JVM alone), and block-device writes and flushes (cache
 * flushes are what an fsync/fdatasync costs the disk) from /proc/diskstats. Linux only; elsewhere the
 * numbers are absent.
 */
final class SystemProbe {

    private SystemProbe() {}

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuModel", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String memKb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        m.put("memory", memKb == null ? null : String.format("%.1f GiB", Long.parseLong(memKb.replaceAll("\\D", "")) / 1048576.0));
        m.put("os", osRelease() + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch") + ")");
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        m.put("javaHome", System.getProperty("java.home"));
        m.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("maxHeap", String.format("%.1f GiB", Runtime.getRuntime().maxMemory() / 1073741824.0));
        m.put("disks", String.join(", ", disks()));
        return m;
    }

    private static String osRelease() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "?";
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) return line.substring(colon + 1).trim();
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return null;
    }

    /** Whole block devices (no partitions, loop, ram or zram devices). */
    private static List<String> disks() {
        try {
            return Files.readAllLines(Path.of("/proc/diskstats")).stream()
                    .map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length >= 14)
                    .map(f -> f[2])
                    .filter(name -> !name.matches("(loop|ram|zram|dm-|sr).*"))
                    .filter(name -> Files.exists(Path.of("/sys/block", name)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Counters at one instant. */
    record Snapshot(long nanos, long processCpuNanos, long[] cpuJiffies, long diskWrites, long diskFlushes, long sectorsWritten,
                    Map<Long, Long> postgresTicks, long jitMillis, long gcMillis) {}

    /** What happened between two snapshots. */
    record Usage(double seconds, double machineCpuBusyPercent, double machineIowaitPercent, double jvmCpuPercentOfMachine,
                 double postgresCpuPercentOfMachine, double otherCpuPercentOfMachine, double diskWritesPerSecond,
                 double diskFlushesPerSecond, long diskFlushes, double diskMiBWrittenPerSecond, double jitCpuPercentOfMachine,
                 double gcMillisPerSecond, double machineStealPercent) {}

    /**
     * CPU milliseconds the JIT compiler threads have used since the JVM started: their utime + stime from
     * /proc (clock ticks of 10 ms), which unlike the compilation MXBean's elapsed time does not grow when
     * the compiler thread waits for a core. Elsewhere the MXBean's figure; -1 if neither is known.
     */
    static long jitMillis() {
        long ticks = 0;
        boolean found = false;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    ProcStat stat = ProcStat.read(task);
                    if (!stat.name().startsWith("C1 CompilerThre") && !stat.name().startsWith("C2 CompilerThre")) continue;
                    ticks += stat.ticks();
                    found = true;
                } catch (IOException | RuntimeException ignored) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        if (found) return ticks * 10;
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Milliseconds spent in garbage collections (pauses and, for concurrent collectors, cycles). */
    static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) total += Math.max(0, gc.getCollectionTime());
        return total;
    }

    static Snapshot snapshot() {
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime();
        }
        long[] jiffies = new long[0];
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = first.trim().split("\\s+");
            jiffies = new long[f.length - 1];
            for (int i = 1; i < f.length; i++) jiffies[i - 1] = Long.parseLong(f[i]);
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        long writes = 0, flushes = 0, sectors = 0;
        List<String> disks = disks();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 14 || !disks.contains(f[2])) continue;
                writes += Long.parseLong(f[7]);
                sectors += Long.parseLong(f[9]);
                if (f.length >= 20) flushes += Long.parseLong(f[18]);
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return new Snapshot(System.nanoTime(), cpu, jiffies, writes, flushes, sectors, postgresTicks(), jitMillis(), gcMillis());
    }

    /** A process's or thread's name and CPU so far (utime + stime, clock ticks), from its /proc stat file. */
    private record ProcStat(String name, long ticks) {
        static ProcStat read(Path procDir) throws IOException {
            String stat = Files.readString(procDir.resolve("stat"));
            int open = stat.indexOf('('), close = stat.lastIndexOf(')');
            if (open < 0 || close < open) throw new IOException("unexpected " + procDir + "/stat");
            String[] f = stat.substring(close + 2).split(" ");
            return new ProcStat(stat.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        }
    }

    /** utime + stime (clock ticks) of every process named postgres, by pid. */
    private static Map<Long, Long> postgresTicks() {
        Map<Long, Long> ticks = new java.util.HashMap<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                try {
                    ProcStat stat = ProcStat.read(dir);
                    if (stat.name().equals("postgres")) ticks.put(Long.parseLong(dir.getFileName().toString()), stat.ticks());
                } catch (IOException | RuntimeException ignored) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return ticks;
    }

    static Usage since(Snapshot a) {
        Snapshot b = snapshot();
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        double busy = Double.NaN, iowait = Double.NaN, postgres = Double.NaN, steal = Double.NaN;
        if (a.cpuJiffies().length >= 5 && b.cpuJiffies().length == a.cpuJiffies().length) {
            long total = 0, idle = 0, io = 0;
            // user nice system idle iowait irq softirq steal [guest guest_nice are already in user/nice]
            int n = Math.min(8, a.cpuJiffies().length);
            for (int i = 0; i < n; i++) total += b.cpuJiffies()[i] - a.cpuJiffies()[i];
            idle = b.cpuJiffies()[3] - a.cpuJiffies()[3];
            io = b.cpuJiffies()[4] - a.cpuJiffies()[4];
            if (total > 0) {
                busy = 100.0 * (total - idle - io) / total;
                iowait = 100.0 * io / total;
                // Time the hypervisor gave this machine's cores to someone else (counted in busy): a noisy neighbour.
                if (n >= 8) steal = 100.0 * (b.cpuJiffies()[7] - a.cpuJiffies()[7]) / total;
                long pg = 0;
                for (Map.Entry<Long, Long> e : b.postgresTicks().entrySet()) {
                    pg += e.getValue() - a.postgresTicks().getOrDefault(e.getKey(), 0L);
                }
                postgres = 100.0 * pg / total;
            }
        }
        double jvm = a.processCpuNanos() < 0 ? Double.NaN
                : 100.0 * (b.processCpuNanos() - a.processCpuNanos()) / (seconds * 1e9 * Runtime.getRuntime().availableProcessors());
        long flushes = b.diskFlushes() - a.diskFlushes();
        double other = Math.max(0, busy - jvm - (Double.isNaN(postgres) ? 0 : postgres));
        return new Usage(seconds, round1(busy), round1(iowait), round1(jvm), round1(postgres), round1(other), round1((b.diskWrites() - a.diskWrites()) / seconds),
                round1(flushes / seconds), flushes, round1((b.sectorsWritten() - a.sectorsWritten()) * 512 / 1048576.0 / seconds),
                a.jitMillis() < 0 ? Double.NaN : round1(100.0 * (b.jitMillis() - a.jitMillis()) / (seconds * 1000 * Runtime.getRuntime().availableProcessors())),
                round1((b.gcMillis() - a.gcMillis()) / seconds), round1(steal));
    }

    static double round1(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }

    /** The `git rev-parse --short HEAD` of the working directory, or null. */
    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
