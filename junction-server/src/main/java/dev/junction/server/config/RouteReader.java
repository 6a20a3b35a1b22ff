package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.event.EventTypeGlob;
import dev.junction.server.config.YamlTree.ListNode;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.core.config.EnrichSpec;
import dev.junction.core.config.TransformSpec;
import dev.junction.engine.enrich.UrlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code routes:} into {@link RouteSpec}s, checking the sources and destinations they name. */
final class RouteReader {

    private static final List<String> ROUTE_KEYS = List.of("name", "from", "to", "when", "ordering-key", "on-dead", "transform", "enrich", "slo");
    private static final List<String> ENRICH_KEYS = List.of("url", "into", "cache", "timeout", "headers");
    private static final List<String> ORDERING_KEYS = List.of("header", "json-pointer");
    private static final List<String> WHEN_KEYS = List.of("type");

    /** Route names appear in URLs and on the command line: no spaces, no slashes. */
    /** A route's or a destination's name: letters, digits, '.', '_' and '-' (no ':', kept for Junction's own, nor '/'). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Values values;
    private final TransformReader transforms;

    RouteReader(Values values) {
        this.values = values;
        this.transforms = new TransformReader(values);
    }

    List<RouteSpec> readAll(Node node, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations) {
        List<RouteSpec> routes = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (Node item : values.list(node).items()) {
            Section s = new Section(values, item, ROUTE_KEYS);
            String routeName = s.has("name") ? name(s.get("name"), names) : null;
            Node fromNode = s.require("from");
            String from = values.nonBlank(fromNode);
            if (!sources.containsKey(from)) throw values.error(fromNode, unknownName("source", from, sources.keySet()));
            Node toNode = s.require("to");
            if (toNode instanceof ListNode l && l.items().isEmpty()) {
                throw values.error(toNode, "must list at least one destination");
            }
            Set<String> to = new LinkedHashSet<>();
            for (Node target : values.oneOrMany(toNode)) {
                String name = values.nonBlank(target);
                if (!destinations.containsKey(name)) throw values.error(target, unknownName("destination", name, destinations.keySet()));
                if (!to.add(name)) throw values.error(target, "destination '" + name + "' is listed twice");
            }
            TransformSpec transform = s.has("transform") ? transforms.read(s.get("transform")) : null;
            EnrichSpec enrich = s.has("enrich") ? enrich(s.get("enrich")) : null;
            RouteSpec route = new RouteSpec(from, List.copyOf(to), ordering(s), s.has("when") ? when(s.get("when")) : null, routeName,
                    transform, enrich, s.duration("slo", null));
            sameTransform(route, routes, item);
            routes.add(route);
        }
        return routes;
    }

    /** {@code enrich: { url: "https://api/customers/{/data/customer}", into: /customer, cache: 5m, timeout: 5s, headers: {...} }}. */
    private EnrichSpec enrich(Node node) {
        Section s = new Section(values, node, ENRICH_KEYS);
        Node urlNode = s.require("url");
        String url = values.nonBlank(urlNode).strip();
        try {
            new UrlTemplate(url);
        } catch (IllegalArgumentException e) {
            throw values.error(urlNode, e.getMessage());
        }
        Node intoNode = s.require("into");
        String into = values.nonBlank(intoNode);
        if (!into.startsWith("/") || into.equals("/")) throw values.error(intoNode, "must be a JSON pointer below the root (e.g. /customer)");
        Map<String, String> headers = s.has("headers") ? new DestinationReader(values).headers(s.get("headers")) : Map.of();
        return new EnrichSpec(url, into, s.duration("cache", null), s.duration("timeout", EnrichSpec.DEFAULT_TIMEOUT), headers);
    }

    private String name(Node node, Map<String, Node> seen) {
        String name = values.nonBlank(node);
        if (!NAME.matcher(name).matches()) {
            throw values.error(node, Values.show(node, name) + " is not a route name (letters, digits, '.', '_' and '-', e.g. crm-customers)");
        }
        Node first = seen.putIfAbsent(name, node);
        if (first != null) throw values.error(node, "route name '" + name + "' is already used at line " + first.pos().line());
        return name;
    }

    /**
     * A delivery is one per message and destination, so one body: two routes of one source that reach the same
     * destination must agree on its transform (ADR 0025).
     */
    private void sameTransform(RouteSpec route, List<RouteSpec> earlier, Node node) {
        for (RouteSpec other : earlier) {
            if (!other.from().equals(route.from())
                    || Objects.equals(expression(other), expression(route)) && Objects.equals(other.enrich(), route.enrich())) {
                continue;
            }
            for (String destination : route.to()) {
                if (!other.to().contains(destination)) continue;
                throw values.errorAtKey(node, "this route and " + describe(other, earlier) + " both send source '" + route.from()
                        + "' to destination '" + destination + "' with different transforms or enrichments; a delivery has one body: give both"
                        + " the same, put the transform on the destination, or send to a second destination");
            }
        }
    }

    private static String expression(RouteSpec route) {
        return route.transform() == null ? null : route.transform().expression();
    }

    /** A route as messages name it: {@code route 'name'}, or {@code routes[i]} when it has no name. */
    static String describe(RouteSpec route, List<RouteSpec> routes) {
        return route.name() != null ? "route '" + route.name() + "'" : "routes[" + routes.indexOf(route) + "]";
    }

    /** {@code when: { type: [payment_intent.*, charge.dispute.*] }}, or a single type without brackets. */
    private RouteSpec.When when(Node node) {
        Section s = new Section(values, node, WHEN_KEYS);
        Node typeNode = s.require("type");
        if (typeNode instanceof ListNode l && l.items().isEmpty()) {
            throw values.error(typeNode, "must list at least one event type (e.g. [payment_intent.*]); to take every event, leave out when");
        }
        Set<String> types = new LinkedHashSet<>();
        for (Node item : values.oneOrMany(typeNode)) {
            String type = values.nonBlank(item);
            String problem = EventTypeGlob.problem(type);
            if (problem != null) throw values.error(item, Values.show(item, type) + " " + problem);
            if (!types.add(type)) throw values.error(item, "event type '" + type + "' is listed twice");
        }
        return new RouteSpec.When(List.copyOf(types));
    }

    /** {@code ordering-key: {header: X} | {json-pointer: /a/b}}, {@code on-dead: block | skip}. */
    private RouteSpec.Ordering ordering(Section route) {
        if (!route.has("ordering-key")) {
            if (route.has("on-dead")) throw values.errorAtKey(route.get("on-dead"), "only applies with ordering-key");
            return null;
        }
        Node node = route.get("ordering-key");
        Section s = new Section(values, node, ORDERING_KEYS);
        String header = s.string("header", null);
        String pointer = s.string("json-pointer", null);
        if ((header == null) == (pointer == null)) throw values.errorAtKey(node, "needs exactly one of header or json-pointer");
        if (pointer != null && !pointer.startsWith("/")) throw values.error(s.get("json-pointer"), "must start with / (e.g. /data/object/customer)");
        boolean skipDead = false;
        if (route.has("on-dead")) {
            String onDead = values.nonBlank(route.get("on-dead"));
            if (!onDead.equals("block") && !onDead.equals("skip")) throw values.error(route.get("on-dead"), "must be block or skip");
            skipDead = onDead.equals("skip");
        }
        return new RouteSpec.Ordering(header, pointer, skipDead);
    }

    static String unknownName(String kind, String name, Set<String> known) {
        String list = known.isEmpty() ? "none defined" : "known: " + String.join(", ", known);
        return "no " + kind + " named '" + name + "' (" + list + ")";
    }
}
