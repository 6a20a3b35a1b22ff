package dev.junction.store.jdbc;

import dev.junction.store.ClaimScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A claim's {@link ClaimScope} as a condition on {@code deliveries c} and the values it binds, in order: the
 * skipped destinations are left out; when the node names the destinations it knows, a delivery to another one
 * passes only once its {@code timeColumn} (when it fell due, or its lease ran out) is at or before the scope's
 * {@code orphanedBefore}.
 */
record ScopeFilter(String sql, List<Object> values) {

    static ScopeFilter of(ClaimScope scope, String timeColumn) {
        StringBuilder sql = new StringBuilder();
        List<Object> values = new ArrayList<>(scope.skipped());
        if (!values.isEmpty()) sql.append(" AND c.destination NOT IN (").append(Sql.placeholders(values.size())).append(")");
        if (scope.known() != null) {
            sql.append(" AND (");
            if (!scope.known().isEmpty()) {
                sql.append("c.destination IN (").append(Sql.placeholders(scope.known().size())).append(") OR ");
                values.addAll(scope.known());
            }
            if (scope.knownPrefix() != null) {
                sql.append("substr(c.destination, 1, ").append(scope.knownPrefix().length()).append(") = ? OR ");
                values.add(scope.knownPrefix());
            }
            sql.append("c.").append(timeColumn).append(" <= ?)");
            values.add(scope.orphanedBefore().toEpochMilli());
        }
        return new ScopeFilter(sql.toString(), values);
    }
}
