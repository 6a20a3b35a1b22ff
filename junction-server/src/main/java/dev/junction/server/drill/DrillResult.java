package dev.junction.server.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.explain.Status;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A drill's scenarios and verdicts, as text for people or JSON for scripts. */
public record DrillResult(DestinationSpec destination, Duration retryDelay, List<ScenarioRun> runs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Status worst() {
        return runs.stream().map(r -> r.verdict().status()).max(Status::compareTo).orElse(Status.PASS);
    }

    private String target() {
        return (destination.name() == null ? "" : destination.name() + " ") + destination.url();
    }

    public String text() {
        StringBuilder out = new StringBuilder("drill " + target() + ": timeout " + ScenarioRun.text(destination.timeout())
                + ", retries " + ScenarioRun.text(retryDelay) + " apart, " + (destination.secret() == null ? "unsigned" : "signed") + "\n");
        for (ScenarioRun run : runs) {
            Verdict v = run.verdict();
            out.append(v.status().name()).append(' ').append(run.scenario().id()).append(": ").append(v.detail()).append('\n');
            out.append("    sent: ").append(run.scenario().sends()).append('\n');
            out.append("    answers: ").append(run.statuses()).append("; latency p50 ").append(ScenarioRun.text(run.p50()))
                    .append(", max ").append(ScenarioRun.text(run.max())).append(" (timeout ").append(ScenarioRun.text(destination.timeout())).append(")\n");
            if (v.status() != Status.PASS) {
                out.append("    why: ").append(v.why()).append('\n');
                out.append("    fix: ").append(v.fix()).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "%d failed, %d warned, %d passed%n", count(Status.FAIL), count(Status.WARN), count(Status.PASS)));
        return out.toString();
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("destination", destination.name()).put("url", destination.url().toString())
                .put("timeoutMs", destination.timeout().toMillis()).put("retryDelayMs", retryDelay.toMillis())
                .put("signed", destination.secret() != null);
        ObjectNode summary = root.putObject("summary");
        for (Status s : Status.values()) summary.put(s.label(), count(s));
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioRun run : runs) {
            ObjectNode item = scenarios.addObject();
            item.put("scenario", run.scenario().id()).put("status", run.verdict().status().label())
                    .put("detail", run.verdict().detail()).put("sent", run.scenario().sends());
            if (run.p50() != null) item.put("p50Ms", run.p50().toMillis()).put("maxMs", run.max().toMillis());
            ArrayNode answers = item.putArray("answers");
            for (Answer a : run.answers()) {
                ObjectNode answer = answers.addObject().put("webhookId", a.webhookId()).put("statusClass", a.statusClass())
                        .put("latencyMs", a.latency().toMillis());
                if (a.status() != 0) answer.put("status", a.status());
                if (a.error() != null) answer.put("error", a.error());
            }
            if (run.verdict().why() != null) item.put("why", run.verdict().why()).put("fix", run.verdict().fix());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long count(Status status) {
        return runs.stream().filter(r -> r.verdict().status() == status).count();
    }
}
