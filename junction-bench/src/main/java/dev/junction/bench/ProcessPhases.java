package dev.junction.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The phases that start their gateway as its own process: cold start, external load (wrk) and the seed stack under the same load. Full runs only. */
final class ProcessPhases {

    static final List<String> NAMES = List.of("coldstart", "wrk", "seed");

    private ProcessPhases() {}

    static List<ColdStart.Run> coldStart(BenchOptions options, PrintStream log, List<String> problems) throws Exception {
        if (!options.runs("coldstart") || options.smoke()) return List.of();
        Path launcher = launcher(problems, "cold start");
        if (launcher == null) return List.of();
        log.println("Cold start: ./junction serve as a new process on SQLite, with and without the start-up cache");
        Path work = Files.createTempDirectory("junction-bench-cold");
        try {
            List<ColdStart.Run> runs = new ColdStart(launcher, options.concurrency(), log).run(work);
            runs.stream().filter(r -> r.error() != null).forEach(r -> problems.add("cold start, " + r.variant() + ": " + r.error()));
            return runs;
        } catch (Exception e) {
            problems.add("cold start: " + e.getMessage());
            return List.of();
        } finally {
            Target.deleteTree(work);
        }
    }

    static WrkPhase.Result wrk(BenchOptions options, PrintStream log, List<String> problems, double bound) throws Exception {
        if (!options.runs("wrk") || options.smoke()) return null;
        Path launcher = launcher(problems, "wrk");
        if (launcher == null) return null;
        if (wrkMissing(problems, "wrk")) return null;
        log.println("External load: wrk against ./junction serve as its own process on SQLite");
        Path work = Files.createTempDirectory("junction-bench-wrk");
        try {
            return new WrkPhase(launcher, options.duration(), log).run(work).withBound(bound);
        } catch (Exception e) {
            problems.add("wrk: " + e.getMessage());
            return null;
        } finally {
            Target.deleteTree(work);
        }
    }

    /** The seed stack under wrk; skipped, with a warning that says why, where Node.js, npm or Redis is missing. */
    static SeedPhase.Result seed(BenchOptions options, PrintStream log, List<String> problems, List<String> warnings) throws Exception {
        if (!options.runs("seed") || options.smoke()) return null;
        if (wrkMissing(problems, "seed")) return null;
        String why = SeedPhase.unavailable();
        if (why != null) {
            warnings.add("seed stack not measured: " + why + "; or leave the phase out with --phases");
            log.println("Seed stack: skipped, " + why);
            return SeedPhase.Result.skipped(why);
        }
        log.println("Seed stack: Express + BullMQ + Redis under the same wrk load");
        Path work = Files.createTempDirectory("junction-bench-seed");
        try {
            return new SeedPhase(options.duration(), log).run(work);
        } catch (Exception e) {
            problems.add("seed: " + e.getMessage());
            return null;
        } finally {
            Target.deleteTree(work);
        }
    }

    /** min(SQLite raw-insert ceiling, half the no-op HTTP ceiling) of this run; NaN when either is missing. */
    static double compositeBound(BenchMain.HttpCeiling http, List<StoreResults.StoreRun> runs) {
        if (http == null) return Double.NaN;
        return runs.stream().filter(r -> r.engine().equals(Target.SQLITE) && r.rawBatched() != null).findFirst()
                .map(r -> Math.min(r.rawBatched().eventsPerSecond(), http.load().acceptedPerSecond() / 2)).orElse(Double.NaN);
    }

    private static boolean wrkMissing(List<String> problems, String phase) {
        if (Wrk.installed()) return false;
        problems.add(phase + ": no wrk on the PATH (Debian: apt-get install wrk), or leave the phase out with --phases");
        return true;
    }

    private static Path launcher(List<String> problems, String phase) {
        Path launcher = Path.of("junction").toAbsolutePath();
        if (Files.isExecutable(launcher)) return launcher;
        problems.add(phase + ": no ./junction launcher in " + launcher.getParent() + " (run bench/run from the repository root)");
        return null;
    }
}
