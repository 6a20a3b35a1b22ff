package dev.junction.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A two-way sync: records recognised across systems by {@code match} (a JSON pointer into a record), whose
 * {@code fields} Junction keeps in step. Each system's changes arrive through its {@code from} source and are
 * written through its {@code to} destination; conflicting edits of one field are settled by {@code conflicts}.
 *
 * @param systems by name, in configuration order
 */
public record SyncSpec(String name, String match, List<String> fields, Map<String, SystemSpec> systems, Conflicts conflicts,
                       Duration reconcileEvery, Deletes deletes) {

    /** The internal destination a sync's changes are delivered to; its sender runs the sync step. */
    public static final String DESTINATION_PREFIX = "sync:";

    public SyncSpec {
        fields = List.copyOf(fields);
        systems = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(systems));
    }

    /** A sync whose deletes restore the record (the default). */
    public SyncSpec(String name, String match, List<String> fields, Map<String, SystemSpec> systems, Conflicts conflicts,
                    Duration reconcileEvery) {
        this(name, match, fields, systems, conflicts, reconcileEvery, Deletes.RESTORE);
    }

    /** A sync reconciled on demand only. */
    public SyncSpec(String name, String match, List<String> fields, Map<String, SystemSpec> systems, Conflicts conflicts) {
        this(name, match, fields, systems, conflicts, null);
    }

    /**
     * What a record deleted in one system becomes ({@code deletes:}): created there again from the agreed values
     * ({@code restore}, the default: nothing is lost by a mistaken delete), or deleted in every other system
     * ({@code propagate}).
     */
    public enum Deletes {
        RESTORE, PROPAGATE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The name of the lease a node holds while it reconciles this sync (in the poll leases: one node at a time). */
    public String reconcileLease() {
        return "reconcile:" + name;
    }

    /** The name of this sync's internal destination (and the source of the writes it makes). */
    public String destination() {
        return DESTINATION_PREFIX + name;
    }

    /** The system whose changes arrive through {@code source}, or null. */
    public SystemSpec systemFrom(String source) {
        for (SystemSpec s : systems.values()) if (s.from().equals(source)) return s;
        return null;
    }

    /**
     * One system in a sync.
     *
     * @param record  where the record sits in a change message (a JSON pointer; "" is the root)
     * @param id      the system's id inside a record
     * @param updated the system's modified time inside a record (ISO 8601 or epoch milliseconds), or null when it has none
     * @param list    a polled source that lists the system's records (reconciliation), or null
     * @param listing a request on {@code to} that lists the system's records (reconciliation), or null
     * @param deleted how a change message says the record was deleted in the system, or null when none does
     * @param delete  the request that deletes a record there ({@code {id}} in its path), or null
     */
    public record SystemSpec(String name, String from, String to, String list, String record, String id, String updated,
                             Request create, Request update, Lookup lookup, ListRequest listing, DeleteSignal deleted, Request delete) {

        /** A system that neither says nor takes deletes. */
        public SystemSpec(String name, String from, String to, String list, String record, String id, String updated,
                          Request create, Request update, Lookup lookup, ListRequest listing) {
            this(name, from, to, list, record, id, updated, create, update, lookup, listing, null, null);
        }

        /** A system without a list request. */
        public SystemSpec(String name, String from, String to, String list, String record, String id, String updated,
                          Request create, Request update, Lookup lookup) {
            this(name, from, to, list, record, id, updated, create, update, lookup, null);
        }
    }

    /**
     * A change message is a delete when the value at {@code pointer} (into the whole message, not the record) is, as
     * text, one of {@code values}: {@code {pointer: /type, values: [contact.deleted]}}.
     */
    public record DeleteSignal(String pointer, List<String> values) {
        /** What a polled source sends for an item gone from its listing. */
        public static final DeleteSignal POLLED = new DeleteSignal("/type", List.of("item.deleted"));

        public DeleteSignal {
            values = List.copyOf(values);
        }
    }

    /**
     * A listing of every record of a system, asked on its destination (with its headers and timeout): {@code path},
     * then while the answer has a cursor at {@code next}, the same path with query parameter {@code param} set to it.
     *
     * @param results where the records are in an answer (a JSON pointer; "" for an answer that is the list)
     * @param next    where the next page's cursor is in an answer, or null for one page
     */
    public record ListRequest(String path, String results, String next, String param) {}

    /**
     * An HTTP request to a system, relative to its destination's URL. {@code path} may hold {@code {id}}.
     *
     * @param id where the new record's id is in a create's answer (a JSON pointer), null for other requests
     */
    public record Request(String method, String path, String id) {}

    /** A search by the match key: {@code path} holds {@code {match}}; {@code results} points at the list of records in the answer. */
    public record Lookup(String path, String results) {}

    /** How a conflicting edit of a field is settled: {@code default} for every field not in {@code fields}. */
    public record Conflicts(Rule defaultRule, Map<String, Rule> fields) {
        public static final Duration DEFAULT_SKEW = Duration.ofSeconds(2);

        public Conflicts {
            fields = Map.copyOf(fields);
        }

        public Rule ruleFor(String field) {
            return fields.getOrDefault(field, defaultRule);
        }
    }

    /** A conflict rule. */
    public sealed interface Rule {
        /** The later edit by each system's updated time wins; an edit more than {@code skew} older than the agreed one loses. */
        record LastWriterWins(Duration skew) implements Rule {}

        /** The edit of the system earlier in {@code systems} wins; a system not listed comes after all listed. */
        record Priority(List<String> systems) implements Rule {
            public Priority {
                systems = List.copyOf(systems);
            }
        }

        /** A person decides: the edit is queued for review and the field held until then. */
        record Review() implements Rule {}
    }
}
