package dev.junction.core.explain;

import dev.junction.core.config.RouteSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An integration's flow as a Mermaid flowchart: where events come from, the log, where they go, dead letters, alerts. */
public final class Diagram {

    private Diagram() {}

    public static String of(Integration integration, Blueprint blueprint) {
        StringBuilder m = new StringBuilder("flowchart LR\n");
        m.append("  log[(\"Junction log\")]\n");
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> destinations = new LinkedHashMap<>();
        List<RouteSpec> routes = blueprint.routes();
        for (int i = 0; i < routes.size(); i++) {
            RouteSpec r = routes.get(i);
            boolean mine = switch (integration) {
                case Integration.Destination d -> r.to().contains(d.name());
                case Integration.Outbound o -> false;
                default -> r.from().equals(integration.name());
            };
            if (!mine) continue;
            String s = sources.computeIfAbsent(r.from(), n -> "s" + sources.size());
            for (String to : r.to()) {
                if (integration instanceof Integration.Destination && !to.equals(integration.name())) continue;
                String d = destinations.computeIfAbsent(to, n -> "d" + destinations.size());
                m.append("  log -->|\"route ").append(i).append("\"| ").append(d).append('\n');
            }
            m.append("  ").append(s).append(" --> log\n");
        }
        if (integration instanceof Integration.Outbound) {
            m.append("  apps([\"applications\"]) -->|\"POST /api/v1/apps/{app}/messages\"| log\n");
            m.append("  log --> endpoints[\"their endpoints\"]\n");
        }
        sources.forEach((name, id) -> m.append("  ").append(id).append("[\"").append(label(name, blueprint, true)).append("\"]\n"));
        destinations.forEach((name, id) -> m.append("  ").append(id).append("[\"").append(label(name, blueprint, false)).append("\"]\n"));
        if (integration instanceof Integration.Destination) {
            String d = destinations.getOrDefault(integration.name(), "d0");
            if (destinations.isEmpty()) m.append("  log --> d0\n  d0[\"").append(label(integration.name(), blueprint, false)).append("\"]\n");
            m.append("  ").append(d).append(" -. \"dead\" .-> dlq[(\"dead letters\")]\n");
            m.append("  dlq -. \"alert\" .-> alerts[\"")
                    .append(blueprint.alerts() == null ? "log only: no alerts configured" : escape(blueprint.alertsTarget())).append("\"]\n");
        }
        return m.toString();
    }

    /** A node's label: its name, then what it is (a Mermaid line break between). */
    static String label(String name, Blueprint blueprint, boolean source) {
        if (source) {
            var s = blueprint.sources().get(name);
            String how = s.ical() != null ? "ical" : s.poll() != null ? "poll" : "webhook, " + s.verify().scheme();
            return escape(name) + "<br/>" + escape(how);
        }
        var d = blueprint.destinations().get(name);
        if (d == null) return escape(name) + "<br/>" + (Blueprint.internal(name) ? "two-way sync step" : "not configured");
        return escape(name) + "<br/>" + d.kind().name().toLowerCase(java.util.Locale.ROOT) + ", " + d.retry().maxAttempts() + " attempts";
    }

    /** Mermaid's entity for a quote: a label is written between quotes. */
    private static String escape(String text) {
        return text.replace("\"", "#quot;");
    }
}
