package dev.junction.bench;

import dev.junction.bench.jmh.ClaimBench;
import dev.junction.bench.jmh.ClientBench;
import dev.junction.bench.jmh.RouteBench;
import dev.junction.bench.jmh.VerifyBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH hot-path benchmarks in forked JVMs (class path inherited) and collects their scores. */
final class JmhRunner {

    /** One benchmark's primary score, and its secondary (auxiliary counter) results. */
    record Score(String benchmark, String mode, double score, double error, String unit, int forks, int warmupIterations,
                 int measurementIterations, String iterationTime, Map<String, Double> secondary) {}

    private JmhRunner() {}

    static List<Score> run(boolean smoke, Path logFile) throws Exception {
        int forks = 1;
        int warmups = smoke ? 1 : 2;
        int measurements = smoke ? 1 : 3;
        TimeValue time = smoke ? TimeValue.milliseconds(200) : TimeValue.seconds(1);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(VerifyBench.class.getName() + ".*")
                .include(ClaimBench.class.getName() + ".*")
                .include(RouteBench.class.getName() + ".*")
                .include(ClientBench.class.getName() + ".*")
                .forks(forks)
                .warmupIterations(warmups).warmupTime(time)
                .measurementIterations(measurements).measurementTime(time)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx1g")
                .shouldFailOnError(true)
                .output(logFile.toString());
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Map<String, Double> secondary = new LinkedHashMap<>();
            r.getSecondaryResults().forEach((k, v) -> secondary.put(k, v.getScore()));
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            for (String key : r.getParams().getParamsKeys()) {
                params.append(params.isEmpty() ? " (" : ", ").append(key).append('=').append(r.getParams().getParam(key));
            }
            if (!params.isEmpty()) params.append(')');
            scores.add(new Score(name + params, r.getParams().getMode().shortLabel(), primary.getScore(), primary.getScoreError(),
                    primary.getScoreUnit(), forks, warmups, measurements, time.toString(), secondary));
        }
        if (scores.size() < 3) {
            throw new IllegalStateException("expected at least 3 JMH results, got " + scores.size() + "; see " + logFile
                    + (Files.exists(logFile) ? "" : " (missing)"));
        }
        return scores;
    }
}
