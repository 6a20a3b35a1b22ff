package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.config.SyncSpec.Rule;
import dev.junction.server.config.YamlTree.ListNode;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code syncs:} into {@link SyncSpec}s, checking the sources, destinations, fields and systems they name. */
final class SyncReader {

    private static final List<String> SYNC_KEYS = List.of("match", "fields", "systems", "conflicts", "reconcile", "deletes");
    private static final List<String> RECONCILE_KEYS = List.of("every");
    private static final List<String> LIST_KEYS = List.of("path", "results", "next", "param");
    /** Reconciling lists every record of every system: more often than this is a mistake. */
    private static final Duration MIN_RECONCILE = Duration.ofMinutes(1);
    private static final List<String> SYSTEM_KEYS = List.of("from", "to", "list", "record", "id", "updated", "create", "update", "lookup",
            "deleted", "delete");
    private static final List<String> DELETED_KEYS = List.of("pointer", "values");
    private static final List<String> DELETE_METHODS = List.of("DELETE", "POST", "PUT", "PATCH");
    private static final List<String> REQUEST_KEYS = List.of("method", "path", "id");
    private static final List<String> UPDATE_KEYS = List.of("method", "path");
    private static final List<String> LOOKUP_KEYS = List.of("path", "results");
    private static final List<String> CONFLICT_KEYS = List.of("default", "skew", "fields");
    private static final List<String> METHODS = List.of("POST", "PUT", "PATCH");
    static final String LWW = "last-writer-wins";
    static final String REVIEW = "review";

    private final Values values;

    SyncReader(Values values) {
        this.values = values;
    }

    Map<String, SyncSpec> readAll(Node node, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations) {
        Map<String, SyncSpec> syncs = new LinkedHashMap<>();
        Set<String> fromTaken = new LinkedHashSet<>();
        for (Map.Entry<String, Node> e : values.map(node).entries().entrySet()) {
            syncs.put(e.getKey(), read(e.getKey(), e.getValue(), sources, destinations, fromTaken));
        }
        return syncs;
    }

    private SyncSpec read(String name, Node node, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations, Set<String> fromTaken) {
        Section s = new Section(values, node, SYNC_KEYS);
        String match = values.jsonPointer(s.require("match"), "/email");
        Node fieldsNode = s.require("fields");
        List<String> fields = new ArrayList<>();
        for (Node item : values.list(fieldsNode).items()) {
            String field = values.jsonPointer(item, "/email");
            if (fields.contains(field)) throw values.error(item, "field '" + field + "' is listed twice");
            fields.add(field);
        }
        if (fields.isEmpty()) throw values.error(fieldsNode, "must list at least one field (e.g. [/email, /phone])");
        // Writes carry the fields only: a record created in a system without its match field could never be matched.
        if (!fields.contains(match)) throw values.error(fieldsNode, "must list the match field '" + match + "' (writes carry only these fields)");
        MapNode systemsNode = values.map(s.require("systems"));
        if (systemsNode.entries().size() < 2) throw values.error(systemsNode, "a sync needs at least two systems");
        Map<String, SyncSpec.SystemSpec> systems = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : systemsNode.entries().entrySet()) {
            systems.put(e.getKey(), system(e.getKey(), e.getValue(), sources, destinations, fromTaken));
        }
        SyncSpec.Conflicts conflicts = s.has("conflicts") ? conflicts(s.get("conflicts"), fields, systems.keySet())
                : new SyncSpec.Conflicts(new Rule.LastWriterWins(SyncSpec.Conflicts.DEFAULT_SKEW), Map.of());
        Duration reconcileEvery = null;
        if (s.has("reconcile")) {
            Section r = new Section(values, s.get("reconcile"), RECONCILE_KEYS);
            Node every = r.require("every");
            reconcileEvery = r.duration("every", null);
            if (reconcileEvery.compareTo(MIN_RECONCILE) < 0) throw values.error(every, "must be at least 1m: each run lists every record of every system");
        }
        SyncSpec.Deletes deletes = SyncSpec.Deletes.RESTORE;
        if (s.has("deletes")) {
            String text = values.nonBlank(s.get("deletes")).strip();
            deletes = switch (text) {
                case "restore" -> SyncSpec.Deletes.RESTORE;
                case "propagate" -> SyncSpec.Deletes.PROPAGATE;
                default -> throw values.error(s.get("deletes"), "must be restore or propagate, was " + Values.show(s.get("deletes"), text));
            };
        }
        if (deletes == SyncSpec.Deletes.PROPAGATE) {
            for (Map.Entry<String, Node> e : systemsNode.entries().entrySet()) {
                if (systems.get(e.getKey()).delete() == null) {
                    throw values.error(e.getValue(), "deletes: propagate needs how to delete a record in system '" + e.getKey()
                            + "': add delete: { path: \"/contacts/{id}\" } (method DELETE by default)");
                }
            }
        }
        return new SyncSpec(name, match, fields, systems, conflicts, reconcileEvery, deletes);
    }

    private SyncSpec.SystemSpec system(String name, Node node, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations,
                                       Set<String> fromTaken) {
        Section s = new Section(values, node, SYSTEM_KEYS);
        Node fromNode = s.require("from");
        String from = source(fromNode, sources);
        // One source, one system: a change must say which system it comes from.
        if (!fromTaken.add(from)) throw values.error(fromNode, "source '" + from + "' already feeds another sync system");
        Node toNode = s.require("to");
        String to = values.nonBlank(toNode);
        DestinationSpec destination = destinations.get(to);
        if (destination == null) throw values.error(toNode, RouteReader.unknownName("destination", to, destinations.keySet()));
        if (destination.kind() != DestinationSpec.Kind.HTTP) throw values.error(toNode, "destination '" + to + "' must be an http(s) destination: it is the system's API");
        String list = null;
        SyncSpec.ListRequest listing = null;
        if (s.has("list") && s.get("list") instanceof MapNode) {
            listing = listRequest(s.get("list"));
        } else if (s.has("list")) {
            list = source(s.get("list"), sources);
            if (sources.get(list).poll() == null) throw values.error(s.get("list"), "source '" + list + "' must be a polled JSON source (poll:) to list records; "
                    + "or give a list request: { path: \"/contacts?limit=100\", results: /results, next: /next_cursor }");
        }
        String record = s.has("record") ? values.jsonPointer(s.get("record"), "/data") : "";
        String id = s.has("id") ? values.jsonPointer(s.get("id"), "/id") : "/id";
        String updated = s.has("updated") ? values.jsonPointer(s.get("updated"), "/updated_at") : null;
        SyncSpec.Request create = request(s.require("create"), REQUEST_KEYS, METHODS, "POST", null);
        SyncSpec.Request update = request(s.require("update"), UPDATE_KEYS, METHODS, "PATCH", "{id}");
        Section lookup = new Section(values, s.require("lookup"), LOOKUP_KEYS);
        String lookupPath = path(lookup.require("path"), "{match}");
        String results = lookup.has("results") ? values.jsonPointer(lookup.get("results"), "/results") : "";
        SyncSpec.DeleteSignal deleted = s.has("deleted") ? deleteSignal(s.get("deleted"))
                : sources.get(from).poll() != null ? SyncSpec.DeleteSignal.POLLED : null;
        SyncSpec.Request delete = s.has("delete") ? request(s.get("delete"), UPDATE_KEYS, DELETE_METHODS, "DELETE", "{id}") : null;
        return new SyncSpec.SystemSpec(name, from, to, list, record, id, updated, create, update, new SyncSpec.Lookup(lookupPath, results),
                listing, deleted, delete);
    }

    /** {@code deleted: { pointer: /type, values: [contact.deleted] }}: how a change message says its record was deleted. */
    private SyncSpec.DeleteSignal deleteSignal(Node node) {
        Section s = new Section(values, node, DELETED_KEYS);
        String pointer = values.jsonPointer(s.require("pointer"), "/type");
        Node valuesNode = s.require("values");
        List<String> texts = new ArrayList<>();
        for (Node item : values.list(valuesNode).items()) texts.add(values.nonBlank(item).strip());
        if (texts.isEmpty()) throw values.error(valuesNode, "must list at least one value (e.g. [contact.deleted])");
        return new SyncSpec.DeleteSignal(pointer, texts);
    }

    /** {@code list: { path, results, next, param }}: every record, asked on the system's destination. */
    private SyncSpec.ListRequest listRequest(Node node) {
        Section s = new Section(values, node, LIST_KEYS);
        String path = path(s.require("path"), null);
        String results = s.has("results") ? values.jsonPointer(s.get("results"), "/results") : "";
        String next = s.has("next") ? values.jsonPointer(s.get("next"), "/next_cursor") : null;
        String param = s.string("param", "cursor").strip();
        if (param.isEmpty()) throw values.error(s.get("param"), "must name a query parameter (e.g. cursor)");
        return new SyncSpec.ListRequest(path, results, next, param);
    }

    private String source(Node node, Map<String, SourceSpec> sources) {
        String name = values.nonBlank(node);
        if (!sources.containsKey(name)) throw values.error(node, RouteReader.unknownName("source", name, sources.keySet()));
        return name;
    }

    /** {@code { method, path }} (and {@code id} when {@code keys} has it), the method one of {@code methods}. */
    private SyncSpec.Request request(Node node, List<String> keys, List<String> methods, String defaultMethod, String placeholder) {
        Section s = new Section(values, node, keys);
        String method = defaultMethod;
        if (s.has("method")) {
            method = values.nonBlank(s.get("method")).strip();
            if (!methods.contains(method)) throw values.error(s.get("method"), "must be one of " + String.join(", ", methods) + ", was " + Values.show(s.get("method"), method));
        }
        String path = path(s.require("path"), placeholder);
        String id = keys.contains("id") ? (s.has("id") ? values.jsonPointer(s.get("id"), "/id") : "/id") : null;
        return new SyncSpec.Request(method, path, id);
    }

    private String path(Node node, String placeholder) {
        String path = values.nonBlank(node).strip();
        if (!path.startsWith("/")) throw values.error(node, "must start with / (a path under the destination's URL)");
        if (placeholder != null && !path.contains(placeholder)) throw values.error(node, "must contain " + placeholder);
        return path;
    }

    private SyncSpec.Conflicts conflicts(Node node, List<String> fields, Set<String> systems) {
        Section s = new Section(values, node, CONFLICT_KEYS);
        Duration skew = s.duration("skew", SyncSpec.Conflicts.DEFAULT_SKEW);
        Rule defaultRule = s.has("default") ? rule(s.get("default"), systems, skew) : new Rule.LastWriterWins(skew);
        Map<String, Rule> rules = new LinkedHashMap<>();
        if (s.has("fields")) {
            for (Map.Entry<String, Node> e : values.map(s.get("fields")).entries().entrySet()) {
                if (!fields.contains(e.getKey())) {
                    throw values.errorAtKey(e.getValue(), "field '" + e.getKey() + "' is not synced (fields: " + String.join(", ", fields) + ")");
                }
                rules.put(e.getKey(), rule(e.getValue(), systems, skew));
            }
        }
        return new SyncSpec.Conflicts(defaultRule, rules);
    }

    /** {@code last-writer-wins}, {@code review}, or a priority list of systems {@code [crm, salesforce]}. */
    private Rule rule(Node node, Set<String> systems, Duration skew) {
        if (node instanceof ListNode list) {
            if (list.items().isEmpty()) throw values.error(node, "a priority list must name at least one system");
            List<String> order = new ArrayList<>();
            for (Node item : list.items()) {
                String system = values.nonBlank(item);
                if (!systems.contains(system)) throw values.error(item, RouteReader.unknownName("system", system, systems));
                if (order.contains(system)) throw values.error(item, "system '" + system + "' is listed twice");
                order.add(system);
            }
            return new Rule.Priority(order);
        }
        String text = values.nonBlank(node).strip();
        return switch (text) {
            case LWW -> new Rule.LastWriterWins(skew);
            case REVIEW -> new Rule.Review();
            default -> throw values.error(node, "must be " + LWW + ", " + REVIEW + " or a priority list of systems (e.g. [crm-a, crm-b]), was "
                    + Values.show(node, text));
        };
    }
}
