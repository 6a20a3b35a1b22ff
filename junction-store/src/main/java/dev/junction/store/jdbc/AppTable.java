package dev.junction.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.App;
import dev.junction.store.Endpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code apps} and {@code endpoints} tables: the same SQL on both engines. */
final class AppTable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_COLUMNS = "id, uid, name, created_at";
    private static final String ENDPOINT_COLUMNS = "id, app_id, url, description, filter_types, channels, headers, rate_limit, disabled,"
            + " secret, previous_secret, previous_expires_at, created_at, updated_at";

    private final Transactions tx;

    AppTable(Transactions tx) {
        this.tx = tx;
    }

    boolean createApp(App app) {
        return tx.inTransaction("create an application", c -> Sql.update(c,
                "INSERT INTO apps (id, uid, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                Sql.values(app.id(), app.uid(), app.name(), app.createdAt().toEpochMilli())) == 1);
    }

    Optional<App> app(String idOrUid) {
        return tx.read("read an application", c -> Sql.query(c, "SELECT " + APP_COLUMNS + " FROM apps WHERE id = ? OR uid = ?",
                Sql.values(idOrUid, idOrUid), AppTable::app).stream().findFirst());
    }

    List<App> apps(String afterId, int limit) {
        return tx.read("list applications", c -> Sql.query(c, "SELECT " + APP_COLUMNS + " FROM apps WHERE id > ? ORDER BY id LIMIT ?",
                Sql.values(afterId == null ? "" : afterId, limit), AppTable::app));
    }

    boolean deleteApp(String appId) {
        return tx.inTransaction("delete an application", c -> {
            List<String> uid = Sql.query(c, "SELECT uid FROM apps WHERE id = ?", Sql.values(appId), rs -> rs.getString(1));
            Sql.update(c, "DELETE FROM endpoints WHERE app_id = ?", Sql.values(appId)); // SQLite enforces no foreign keys here
            boolean deleted = Sql.update(c, "DELETE FROM apps WHERE id = ?", Sql.values(appId)) == 1;
            // Its messages are kept (their deliveries and attempts are history) but leave its uid, which messages are
            // listed and deduplicated by: an application made later with the same uid, another customer perhaps, sees
            // none of them and has none of its event ids taken for duplicates.
            if (!uid.isEmpty()) {
                Sql.update(c, "UPDATE messages SET source = ? WHERE source = ?", Sql.values(DELETED_APP_PREFIX + appId, APP_PREFIX + uid.get(0)));
            }
            return deleted;
        });
    }

    /** The source of an application's messages ({@code app:UID}, as the publisher names it), and of a deleted one's. */
    static final String APP_PREFIX = "app:";
    static final String DELETED_APP_PREFIX = "app-deleted:";

    void createEndpoint(Endpoint e) {
        tx.inTransaction("create an endpoint", c -> Sql.update(c, "INSERT INTO endpoints (" + ENDPOINT_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Sql.values(e.id(), e.appId(), e.url(), e.description(),
                json(e.filterTypes()), json(e.channels()), json(e.headers()), e.rateLimit(), e.disabled() ? 1 : 0, e.secret(),
                e.previousSecret(), millis(e.previousExpiresAt()), e.createdAt().toEpochMilli(), e.updatedAt().toEpochMilli())));
    }

    Optional<Endpoint> endpoint(String id) {
        return tx.read("read an endpoint", c -> Sql.query(c, "SELECT " + ENDPOINT_COLUMNS + " FROM endpoints WHERE id = ?",
                Sql.values(id), AppTable::endpoint).stream().findFirst());
    }

    List<Endpoint> endpoints(String appId) {
        return tx.read("list endpoints", c -> Sql.query(c, "SELECT " + ENDPOINT_COLUMNS + " FROM endpoints WHERE app_id = ? ORDER BY id",
                Sql.values(appId), AppTable::endpoint));
    }

    boolean updateEndpoint(Endpoint e, Instant now) {
        return tx.inTransaction("update an endpoint", c -> Sql.update(c, """
                UPDATE endpoints SET url = ?, description = ?, filter_types = ?, channels = ?, headers = ?, rate_limit = ?, disabled = ?,
                       secret = ?, previous_secret = ?, previous_expires_at = ?, updated_at = ?
                WHERE id = ?""", Sql.values(e.url(), e.description(), json(e.filterTypes()), json(e.channels()), json(e.headers()),
                e.rateLimit(), e.disabled() ? 1 : 0, e.secret(), e.previousSecret(), millis(e.previousExpiresAt()), now.toEpochMilli(),
                e.id())) == 1);
    }

    boolean deleteEndpoint(String id) {
        return tx.inTransaction("delete an endpoint", c -> Sql.update(c, "DELETE FROM endpoints WHERE id = ?", Sql.values(id)) == 1);
    }

    private static App app(ResultSet rs) throws SQLException {
        return new App(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        long previousExpires = rs.getLong(12);
        Instant previousExpiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(previousExpires);
        return new Endpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), list(rs.getString(5)),
                list(rs.getString(6)), map(rs.getString(7)), rs.getInt(8), rs.getInt(9) == 1, rs.getString(10), rs.getString(11),
                previousExpiresAt, Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)));
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static String json(Object value) {
        if (value == null) return null;
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        if (json == null) return null;
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (Exception e) {
            throw new IllegalStateException("stored list is not JSON", e);
        }
    }

    private static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (Exception e) {
            throw new IllegalStateException("stored headers are not JSON", e);
        }
    }
}
