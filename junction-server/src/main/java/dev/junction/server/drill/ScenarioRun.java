package dev.junction.server.drill;

import dev.junction.core.explain.DurationText;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** One scenario as it went: every answer, in the order sent, and its verdict. */
record ScenarioRun(Scenario scenario, List<Answer> answers, Verdict verdict) {

    /** The median latency of the attempts that got an answer or timed out, or null when none did. */
    Duration p50() {
        List<Duration> sorted = latencies();
        return sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
    }

    Duration max() {
        List<Duration> sorted = latencies();
        return sorted.isEmpty() ? null : sorted.getLast();
    }

    private List<Duration> latencies() {
        return answers.stream().filter(a -> a.error() == null).map(Answer::latency).sorted(Comparator.naturalOrder()).toList();
    }

    /** The statuses as sent, e.g. {@code 200 200 409}; a long run as counts, e.g. {@code 48x 200, 2x 503}. */
    String statuses() {
        if (answers.size() <= 6) return String.join(" ", answers.stream().map(Answer::toString).toList());
        return String.join(", ", answers.stream().map(Answer::toString).distinct().sorted()
                .map(s -> answers.stream().filter(a -> a.toString().equals(s)).count() + "x " + s).toList());
    }

    static String text(Duration d) {
        return d == null ? "-" : DurationText.of(d);
    }
}
