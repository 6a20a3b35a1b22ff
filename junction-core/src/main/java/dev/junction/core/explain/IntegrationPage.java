package dev.junction.core.explain;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.retry.RetryTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One integration explained in plain words, as Markdown: its type, its guarantee, what happens on each class of
 * failure, the retry schedule as a timeline, the guards, where dead letters go and who is alerted, its diagram
 * (Mermaid), and its checklist status.
 */
public final class IntegrationPage {

    private final Blueprint blueprint;
    private final List<Finding> findings;

    public IntegrationPage(Blueprint blueprint) {
        this.blueprint = blueprint;
        this.findings = Checklist.run(blueprint);
    }

    /** Pages for every integration, one after another. */
    public String all() {
        StringBuilder out = new StringBuilder();
        for (Integration i : blueprint.integrations()) out.append(of(i)).append('\n');
        return out.toString();
    }

    /** The checklist's findings over the whole config, run once for every page. */
    public List<Finding> findings() {
        return findings;
    }

    /** The whole page: {@link #explanation}, then the diagram (Mermaid) and the integration's checklist items. */
    public String of(Integration integration) {
        StringBuilder md = new StringBuilder(explanation(integration));
        md.append("\n### Diagram\n\n```mermaid\n").append(Diagram.of(integration, blueprint)).append("```\n");
        md.append("\n### Checklist\n\n");
        List<Finding> mine = Checklist.about(findings, integration.name()).toList();
        if (mine.isEmpty()) md.append("No item applies.\n");
        for (Finding f : mine) {
            md.append("- **").append(f.status().label()).append("** ").append(f.rule().id()).append(": ").append(f.detail());
            if (f.status() != Status.PASS) md.append(". ").append(f.rule().fix());
            md.append('\n');
        }
        return md.toString();
    }

    /**
     * The page's words without its diagram and checklist: its type and guarantee, each class of failure, the retry
     * schedule, the guards, dead letters and alerts. The dashboard shows this beside the SVG diagram and the
     * checklist items it draws itself.
     */
    public String explanation(Integration integration) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(integration.name()).append(" (").append(integration.kind()).append(")\n\n");
        md.append("- **Type:** ").append(integration.direction().label()).append(": ").append(integration.direction().meaning())
                .append(". ").append(summary(integration)).append('\n');
        md.append("- **Guarantee:** ").append(integration.guarantee().label()).append(": ").append(integration.guarantee().meaning())
.append(".\n");
        if (integration instanceof Integration.WebhookSource w) md.append("- **Synthetic probe:** ").append(probe(w.name())).append('\n');
        md.append('\n');
        md.append("### When something fails\n\n| class | what | what Junction does |\n|---|---|---|\n");
        for (FailureRow row : FailureRows.of(integration, blueprint)) {
            md.append("| ").append(row.failure().label()).append(" | ").append(row.what()).append(" | ").append(row.then()).append(" |\n");
        }
        if (integration instanceof Integration.Destination d) destination(md, d.spec());
        if (integration instanceof Integration.WebhookSource w && "stripe".equals(w.spec().verify().scheme())) payments(md, w.name());
        return md.toString();
    }

    private String summary(Integration integration) {
        return switch (integration) {
            case Integration.WebhookSource w -> "Providers POST to /in/" + w.name() + ", verified with the "
                    + w.spec().verify().scheme() + " scheme; " + routes(w.spec());
            case Integration.PolledSource p -> "Junction reads " + p.spec().poll().url().replaceAll("\\?.*", "") + " "
                    + (p.spec().poll().every() != null ? "every " + DurationText.of(p.spec().poll().every()) : "on cron " + p.spec().poll().cron())
                    + "; " + routes(p.spec());
            case Integration.CalendarSource c -> "Junction reads " + c.spec().ical().units().size() + " unit(s)' calendars every "
                    + DurationText.of(c.spec().ical().every()) + " and serves each channel the nights sold on the others; " + routes(c.spec());
            case Integration.Destination d -> "Routes into it: " + into(d.name()) + ".";
            case Integration.Outbound o -> "Applications and their endpoints are data (the admin API), so this page covers the rules "
                    + "they all follow.";
        };
    }

    private String probe(String source) {
        List<dev.junction.core.config.SyntheticSpec> probes = blueprint.probesOf(source);
        if (probes.isEmpty()) return "none: a quiet source looks the same as a broken one (add `synthetics:`, docs/synthetics.md).";
        List<String> each = probes.stream().map(p -> "`" + p.name() + "` sends a canary (type " + p.type() + ") through /in/" + source
                + " every " + DurationText.of(p.every()) + " and alerts when it has not reached every destination within "
                + DurationText.of(p.sla())).toList();
        return String.join("; ", each) + ". Receivers recognise canaries by the `Junction-Synthetic` header.";
    }

    private String routes(SourceSpec source) {
        List<String> to = new ArrayList<>();
        IntStream.range(0, blueprint.routes().size()).forEach(i -> {
            RouteSpec r = blueprint.routes().get(i);
            if (r.from().equals(source.name())) to.add(String.join(", ", r.to()) + " (route " + i + (r.when() == null ? "" : ", types "
                    + String.join(", ", r.when().types())) + ")");
        });
        return to.isEmpty() ? "no route takes its events: they are stored and counted as unrouted." : "its events go to " + String.join("; ", to) + ".";
    }

    private String into(String destination) {
        List<String> from = new ArrayList<>();
        IntStream.range(0, blueprint.routes().size()).forEach(i -> {
            RouteSpec r = blueprint.routes().get(i);
            if (r.to().contains(destination)) from.add(r.from() + " (route " + i + (r.slo() == null ? "" : ", slo " + DurationText.of(r.slo())) + ")");
        });
        return from.isEmpty() ? "none" : String.join(", ", from);
    }

    /** What each payment event means, and whether a route takes it. */
    private void payments(StringBuilder md, String source) {
        List<String> dropped = PaymentEvents.dropped(source, blueprint.routes());
        md.append("\n### Payment events\n\n| event | what it means | routed |\n|---|---|---|\n");
        PaymentEvents.MUST_HANDLE.forEach((type, meaning) -> md.append("| `").append(type).append("` | ").append(meaning)
                .append(" | ").append(dropped.contains(type) ? "**no**" : "yes").append(" |\n"));
    }

    private void destination(StringBuilder md, DestinationSpec d) {
        RetryTimeline timeline = RetryTimeline.of(d.retry(), d.timeout(), d.guard().deadline());
        md.append("\n### Retry schedule\n\nThe worst case: every attempt takes its whole timeout (")
                .append(DurationText.of(d.timeout())).append(") and fails, and every wait is the longest its jitter allows ")
                .append("(full jitter picks between zero and that")
                // Only HTTP answers carry a Retry-After; a broker's refusal has none.
                .append(d.kind() == DestinationSpec.Kind.HTTP ? "; a Retry-After is honoured up to " + DurationText.of(d.retry().maxDelay()) : "")
                .append(").\n\n| attempt | waits up to | starts at the latest |\n|---|---|---|\n");
        for (RetryTimeline.Attempt a : timeline.attempts()) {
            md.append("| ").append(a.number()).append(" | ").append(a.number() == 1 ? "-" : DurationText.of(a.window()))
                    .append(" | t+").append(DurationText.of(a.latestStart())).append(" |\n");
        }
        md.append("\nDead at the latest t+").append(DurationText.of(timeline.untilDead())).append(" after the first attempt")
                .append(timeline.cutByDeadline()
                        ? ": the " + DurationText.of(d.guard().deadline()) + " deadline ends the retries after attempt "
                          + timeline.attempts().size() + " of " + d.retry().maxAttempts() + ".\n"
                        : ", after " + d.retry().maxAttempts() + " attempts.\n");
        GuardSpec g = d.guard();
        md.append("\n### Guards\n\n");
        GuardSpec.Breaker b = g.breaker();
        md.append("- **Breaker:** ").append(b == null ? "off: every delivery keeps trying a failing receiver."
                : "opens when " + Math.round(b.failureRatePercent()) + "% of the last " + b.window() + " attempts failed (once "
                  + b.minimumCalls() + " were made), stays open " + DurationText.of(b.openFor()) + ", then lets " + b.halfOpenCalls()
                  + " trial attempts through to decide.").append('\n');
        md.append("- **Bulkhead:** at most ").append(g.maxConcurrent()).append(" deliveries in flight to it at once, per node; ")
                .append(g.ratePerSecond() == 0 ? "no rate limit." : "at most " + g.ratePerSecond() + " attempts per second.").append('\n');
        md.append("- **Deadline:** no retry starts more than ").append(DurationText.of(g.deadline())).append(" after the event arrived.\n");
        if (g.disableAfter() != null) {
            md.append("- **Disabled** (paused) after failing without a success for ").append(DurationText.of(g.disableAfter())).append(".\n");
        }
        md.append("\n### Dead letters and alerts\n\nA dead delivery stays in the store until replayed or purged: `GET /api/v1/dead-letters?destination=")
                .append(d.name()).append("`, replayed with `POST /api/v1/destinations/").append(d.name())
                .append("/dead-letters/replay` (or `junction dlq`). ")
                .append(blueprint.alerts() == null ? "**No one is alerted:** with no `alerts:` in the config, a death is only a log line."
                        : "Each death (and each breaker opening) raises an alert to " + blueprint.alertsTarget()
                          + ", at most one message per interval, the rest summed up.").append('\n');
    }
}
