package dev.junction.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.event.EventTypeGlob;
import dev.junction.core.verify.Canary;
import dev.junction.server.config.YamlTree.ListNode;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code synthetics:} into {@link SyntheticSpec}s: each names a webhook source whose door its canary can pass and
 * a route can take, an interval of at least {@link SyntheticSpec#MIN_EVERY} and an SLA shorter than it.
 */
final class SyntheticReader {

    private static final List<String> KEYS = List.of("source", "every", "sla", "type", "payload");
    /** Schemes that carry an event type of their own (elsewhere the source's type: setting must say where). */
    private static final Set<String> TYPED_SCHEMES = Set.of("stripe", "slack", "github", "shopify");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Values values;

    SyntheticReader(Values values) {
        this.values = values;
    }

    Map<String, SyntheticSpec> readAll(Node node, Map<String, SourceSpec> sources, List<RouteSpec> routes) {
        Map<String, SyntheticSpec> probes = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : values.map(node).entries().entrySet()) {
            probes.put(e.getKey(), read(e.getKey(), e.getValue(), sources, routes));
        }
        return probes;
    }

    private SyntheticSpec read(String name, Node node, Map<String, SourceSpec> sources, List<RouteSpec> routes) {
        Section s = new Section(values, node, KEYS);
        Node sourceNode = s.require("source");
        String source = values.nonBlank(sourceNode).strip();
        SourceSpec spec = sources.get(source);
        if (spec == null) throw values.error(sourceNode, "names no source (configured: " + String.join(", ", sources.keySet()) + ")");
        if (spec.polled()) {
            throw values.error(sourceNode, "source '" + source + "' is polled (" + spec.kind() + "): it has no door for a canary; probe a webhook source");
        }
        if (!Canary.canSign(spec.verify().scheme())) {
            throw values.error(sourceNode, "Junction cannot sign source '" + source + "''s scheme " + spec.verify().scheme() + " for a canary");
        }
        Node everyNode = s.require("every");
        Duration every = values.duration(everyNode);
        if (every.compareTo(SyntheticSpec.MIN_EVERY) < 0) {
            throw values.error(everyNode, "must be at least 1m: a probe watches the gateway, it is not load");
        }
        Node slaNode = s.require("sla");
        Duration sla = values.duration(slaNode);
        if (sla.compareTo(every) >= 0) {
            throw values.error(slaNode, "must be shorter than every (" + values.text(everyNode).strip() + "): a canary is judged before the next is sent");
        }
        String type = s.string("type", null);
        if (type != null) type = type.strip();
        String payload = s.has("payload") ? json(values.map(s.get("payload"))).toString() : null;
        SyntheticSpec probe = new SyntheticSpec(name, source, every, sla, payload, type);
        taken(probe, spec, routes, s.has("type") ? s.get("type") : sourceNode);
        return probe;
    }

    /** A canary no route takes would measure nothing: refused at load, at the key that decides it. */
    private void taken(SyntheticSpec probe, SourceSpec source, List<RouteSpec> routes, Node at) {
        List<RouteSpec> from = routes.stream().filter(r -> r.from().equals(probe.source())).toList();
        if (from.isEmpty()) throw values.error(at, "no route leads from source '" + probe.source() + "': the canary would reach no destination");
        boolean typed = TYPED_SCHEMES.contains(source.verify().scheme()) || source.eventType().header() != null
                || source.eventType().jsonPointer() != null;
        boolean takes = from.stream().anyMatch(r -> r.when() == null
                || typed && EventTypeGlob.anyMatches(EventTypeGlob.all(r.when().types()), probe.type()));
        if (!takes) {
            throw values.error(at, "no route from '" + probe.source() + "' takes the canary's type " + probe.type()
                    + (typed ? "; set type: to one a route takes" : "; the source reads no type (set its type: header or json-pointer)"));
        }
    }

    /** YAML to JSON: plain scalars that read as numbers, true, false or null become those, everything else a string. */
    private JsonNode json(Node node) {
        return switch (node) {
            case MapNode m -> {
                ObjectNode o = JSON.objectNode();
                m.entries().forEach((k, v) -> o.set(k, json(v)));
                yield o;
            }
            case ListNode l -> {
                ArrayNode a = JSON.arrayNode();
                l.items().forEach(item -> a.add(json(item)));
                yield a;
            }
            case ScalarNode sc -> {
                if (sc.isNull()) yield JSON.nullNode();
                String text = values.text(sc);
                if (text.equals("true") || text.equals("false")) yield JSON.booleanNode(Boolean.parseBoolean(text));
                if (NUMBER.matcher(text).matches()) yield JSON.numberNode(new java.math.BigDecimal(text));
                yield JSON.textNode(text);
            }
        };
    }
}
