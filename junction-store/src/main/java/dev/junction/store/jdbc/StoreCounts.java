package dev.junction.store.jdbc;

import dev.junction.core.model.DeliveryState;
import dev.junction.store.StoreStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/** The counts of {@link StoreStats}, on any connection: the live store's pool or a backup's copy. */
final class StoreCounts {

    private StoreCounts() {}

    static StoreStats read(Connection c) throws SQLException {
        Map<DeliveryState, Long> byState = new EnumMap<>(DeliveryState.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM deliveries GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) byState.put(DeliveryState.valueOf(rs.getString(1)), rs.getLong(2));
        }
        return new StoreStats(count(c, "messages"), byState, count(c, "attempts"));
    }

    private static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
