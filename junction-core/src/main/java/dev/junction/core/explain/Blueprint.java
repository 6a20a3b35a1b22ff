package dev.junction.core.explain;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.OutboundSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyntheticSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a config describes, as the checklist and the explanations read it: the loaded specs, and the config as it
 * is written ({@link Written}).
 *
 * @param alerts   where alerts go besides the log, or null when the config names nowhere
 * @param outbound the outbound rules, or null when the config has no {@code outbound:} section
 * @param synthetics the synthetic probes, by name
 */
public record Blueprint(Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations, List<RouteSpec> routes,
                        URI alerts, OutboundSpec outbound, Written written, Map<String, SyntheticSpec> synthetics) {

    public Blueprint {
        // A sync's internal destination (sync:NAME) is the sync's step, not an integration a user configures: no
        // checklist item nor page of its own. Routes to it are kept, so a source says where its changes go.
        Map<String, DestinationSpec> configured = new java.util.LinkedHashMap<>(destinations);
        configured.keySet().removeIf(Blueprint::internal);
        destinations = java.util.Collections.unmodifiableMap(configured);
        routes = List.copyOf(routes);
        written = written == null ? Written.NONE : written;
        synthetics = synthetics == null ? Map.of() : synthetics;
    }

    /** Without synthetic probes. */
    public Blueprint(Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations, List<RouteSpec> routes,
                     URI alerts, OutboundSpec outbound, Written written) {
        this(sources, destinations, routes, alerts, outbound, written, Map.of());
    }

    /**
     * Where alerts go, as the explanations say it: the URL's host, or the config's own {@code ${VAR}} when the
     * variable is not set here (its host would be a placeholder's); null when the config names nowhere.
     */
    public String alertsTarget() {
        if (alerts == null) return null;
        return written.unset("alerts.url") ? written.raw("alerts.url").orElseThrow().strip() : alerts.getHost();
    }

    /** Whether {@code destination} is one Junction adds itself: a two-way sync's step ({@code sync:NAME}). */
    public static boolean internal(String destination) {
        return destination.startsWith(dev.junction.core.config.SyncSpec.DESTINATION_PREFIX);
    }

    /** The synthetic probes that send their canaries through {@code source}, in config order. */
    public List<SyntheticSpec> probesOf(String source) {
        return synthetics.values().stream().filter(p -> p.source().equals(source)).toList();
    }

    /** Every integration, in config order: sources, then destinations, then the outbound rules. */
    public List<Integration> integrations() {
        List<Integration> all = new ArrayList<>();
        for (SourceSpec s : sources.values()) {
            all.add(s.ical() != null ? new Integration.CalendarSource(s)
                    : s.poll() != null ? new Integration.PolledSource(s) : new Integration.WebhookSource(s));
        }
        for (DestinationSpec d : destinations.values()) all.add(new Integration.Destination(d));
        if (outbound != null) all.add(new Integration.Outbound(outbound));
        return all;
    }

    /** The integrations named {@code name} (a source and a destination may share a name). */
    public List<Integration> named(String name) {
        return integrations().stream().filter(i -> i.name().equals(name)).toList();
    }

    /** The config path of route {@code index}. */
    public static String routePath(int index) {
        return "routes[" + index + "]";
    }
}
