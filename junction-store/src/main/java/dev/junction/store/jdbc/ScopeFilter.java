package dev.junction.store.jdbc;

import dev.junction.store.ClaimScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A claim's {@link ClaimScope} and the stored pauses as a condition on {@code deliveries c} and the values it binds,
 * in order: the skipped destinations are left out, and so is the work of a paused source. When the node names the
 * destinations it knows, a delivery to another one passes only once its {@code timeColumn} (when it fell due, or its
 * lease ran out) is at or before the scope's {@code orphanedBefore}; a stored pause holds back only the work of a
 * destination the node knows. A node that lacks a paused destination (it was removed from this node's config) takes
 * its work as any other unknown destination's, to dead-letter it, rather than leave it pending for ever; a node
 * that has the destination honours the pause.
 */
record ScopeFilter(String sql, List<Object> values) {

    private static final String PAUSED_SOURCE = "(p.kind = 'source' AND p.name = c.source)";

    static ScopeFilter of(ClaimScope scope, String timeColumn) {
        StringBuilder sql = new StringBuilder();
        List<Object> values = new ArrayList<>(scope.skipped());
        if (!values.isEmpty()) sql.append(" AND c.destination NOT IN (").append(Sql.placeholders(values.size())).append(")");
        if (scope.known() == null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM paused p WHERE (p.kind = 'destination' AND p.name = c.destination) OR ")
                    .append(PAUSED_SOURCE).append(")");
            return new ScopeFilter(sql.toString(), values);
        }
        List<Object> knownValues = new ArrayList<>();
        String known = known(scope, knownValues);
        sql.append(" AND (").append(known).append(" OR c.").append(timeColumn).append(" <= ?)");
        values.addAll(knownValues);
        values.add(scope.orphanedBefore().toEpochMilli());
        sql.append(" AND NOT EXISTS (SELECT 1 FROM paused p WHERE (p.kind = 'destination' AND p.name = c.destination AND ")
                .append(known).append(") OR ").append(PAUSED_SOURCE).append(")");
        values.addAll(knownValues);
        return new ScopeFilter(sql.toString(), values);
    }

    /** Whether {@code c.destination} is one the node knows, by name or by prefix; adds the values it binds. */
    private static String known(ClaimScope scope, List<Object> values) {
        List<String> any = new ArrayList<>();
        if (!scope.known().isEmpty()) {
            any.add("c.destination IN (" + Sql.placeholders(scope.known().size()) + ")");
            values.addAll(scope.known());
        }
        if (scope.knownPrefix() != null) {
            any.add("substr(c.destination, 1, " + scope.knownPrefix().length() + ") = ?");
            values.add(scope.knownPrefix());
        }
        return any.isEmpty() ? "(1 = 0)" : "(" + String.join(" OR ", any) + ")";
    }
}
