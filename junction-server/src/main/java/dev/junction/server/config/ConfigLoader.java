package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.OutboundSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.net.Cidr;
import dev.junction.server.config.YamlTree.Node;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads {@code junction.yaml} into a {@link JunctionConfig}.
 *
 * <p>Every problem is a {@link ConfigException} whose message is one line,
 * {@code <file>:<line>:<col>: <key path>: <what is wrong>}. Loading stops at the first problem: the
 * sections are read in a fixed order (server, store, sources, destinations, routes, syncs, synthetics, delivery) because
 * routes refer to sources and destinations, and synthetic probes to sources and routes.
 *
 * <p>String values may use {@code ${NAME}} and {@code ${NAME:-default}}; see {@link Interpolation}.
 */
public final class ConfigLoader {

    private static final List<String> ROOT_KEYS = List.of("server", "store", "sources", "destinations", "routes", "delivery", "retention", "alerts", "outbound", "syncs", "synthetics");
    private static final List<String> SERVER_KEYS = List.of("host", "port");
    private static final List<String> STORE_KEYS = List.of("url", "user", "password");
    private static final List<String> STORE_PREFIXES = List.of("sqlite:", "jdbc:sqlite:", "jdbc:postgresql:");
    private static final List<String> DELIVERY_KEYS = List.of("workers", "poll-interval", "lease", "max-backlog");
    private static final List<String> ALERT_KEYS = List.of("url", "min-interval");
    private static final List<String> OUTBOUND_KEYS = List.of("allow-networks", "https-only", "require-idempotency-key", "idempotency-ttl", "operational", "disable-after");
    private static final List<String> RETENTION_KEYS = List.of("succeeded", "interval", "batch-size");

    static final String DEFAULT_HOST = "0.0.0.0";
    static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_WORKERS = 64;
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private final Values values;

    private ConfigLoader(Values values) {
        this.values = values;
    }

    /** Loads {@code file}, resolving {@code ${...}} from the process environment. */
    public static JunctionConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads {@code file}, resolving {@code ${...}} from {@code env}. Error messages name the file as given. */
    public static JunctionConfig load(Path file, Map<String, String> env) {
        return parse(text(file), file.toString(), env);
    }

    /** The file's text; a file that cannot be read is a {@link ConfigException} naming it. */
    static String text(Path file) {
        String name = file.toString();
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, 0, null, "file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, 0, 0, null, "cannot read file: it is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, null, "cannot read file: " + e);
        }
    }

    /** Parses YAML text; {@code fileName} is only used in error messages. */
    public static JunctionConfig parse(String yamlText, String fileName, Map<String, String> env) {
        return parse(yamlText, fileName, env, Map.of());
    }

    /** As {@link #parse(String, String, Map)}, with {@code placeholders} standing for variables not set here ({@link Placeholders}). */
    static JunctionConfig parse(String yamlText, String fileName, Map<String, String> env, Map<String, String> placeholders) {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(env, "env");
        Values values = new Values(fileName, env, placeholders);
        return new ConfigLoader(values).read(YamlTree.parse(yamlText, fileName));
    }

    private JunctionConfig read(Node rootNode) {
        Section root = new Section(values, rootNode, ROOT_KEYS);
        JunctionConfig.Server server = root.has("server") ? server(root.get("server")) : new JunctionConfig.Server(DEFAULT_HOST, DEFAULT_PORT);
        JunctionConfig.Store store = store(root.require("store"));
        // Each may be left out: a gateway that only sends outbound webhooks has no sources, destinations or routes.
        Map<String, SourceSpec> sources = root.has("sources") ? new SourceReader(values).readAll(root.get("sources")) : new LinkedHashMap<>();
        Map<String, DestinationSpec> destinations = root.has("destinations")
                ? new DestinationReader(values).readAll(root.get("destinations")) : new LinkedHashMap<>();
        List<RouteSpec> routes = root.has("routes") ? new RouteReader(values).readAll(root.get("routes"), sources, destinations) : List.of();
        Map<String, SyncSpec> syncs = root.has("syncs") ? new SyncReader(values).readAll(root.get("syncs"), sources, destinations) : Map.of();
        if (!syncs.isEmpty()) {
            SyncApiTransforms.check(values, root.get("destinations"), destinations, syncs, routes);
            routes = new ArrayList<>(routes);
            for (SyncSpec sync : syncs.values()) SyncRoutes.add(sync, destinations, routes);
        }
        Map<String, SyntheticSpec> synthetics = root.has("synthetics")
                ? new SyntheticReader(values).readAll(root.get("synthetics"), sources, routes) : Map.of();
        JunctionConfig.Delivery delivery = root.has("delivery") ? delivery(root.get("delivery"))
                : new JunctionConfig.Delivery(DEFAULT_WORKERS, DEFAULT_POLL_INTERVAL, null);
        JunctionConfig.Retention retention = root.has("retention") ? retention(root.get("retention")) : JunctionConfig.Retention.DEFAULT;
        // Unmodifiable views rather than Map.copyOf: the copies would lose file order.
        return new JunctionConfig(server, store, Collections.unmodifiableMap(sources),
                Collections.unmodifiableMap(destinations), List.copyOf(routes), delivery, retention,
                root.has("alerts") ? alerts(root.get("alerts")) : null,
                root.has("outbound") ? outbound(root.get("outbound"), destinations) : OutboundSpec.DEFAULT,
                Collections.unmodifiableMap(new LinkedHashMap<>(syncs)), Collections.unmodifiableMap(new LinkedHashMap<>(synthetics)));
    }

    private JunctionConfig.Server server(Node node) {
        Section s = new Section(values, node, SERVER_KEYS);
        // Port 0 (an ephemeral port) is allowed: tests and embedded use rely on it.
        return new JunctionConfig.Server(s.string("host", DEFAULT_HOST), s.integer("port", DEFAULT_PORT, 0, 65535));
    }

    private JunctionConfig.Store store(Node node) {
        Section s = new Section(values, node, STORE_KEYS);
        Node urlNode = s.require("url");
        String url = values.nonBlank(urlNode).strip();
        if (STORE_PREFIXES.stream().noneMatch(url::startsWith)) {
            // Not echoed: JDBC URLs often carry a password parameter.
            throw values.error(urlNode, "must start with one of " + String.join(", ", STORE_PREFIXES));
        }
        String parameters = dev.junction.store.jdbc.Stores.sqliteParameterProblem(url);
        if (parameters != null) throw values.error(urlNode, parameters);
        // Empty is none, so "${JUNCTION_DB_PASSWORD:-}" serves a database that asks for no password (trust, peer auth).
        return new JunctionConfig.Store(url, s.optionalString("user"), s.optionalString("password"));
    }

    private JunctionConfig.Delivery delivery(Node node) {
        Section s = new Section(values, node, DELIVERY_KEYS);
        return new JunctionConfig.Delivery(
                s.integer("workers", DEFAULT_WORKERS, 1, 1024),
                s.duration("poll-interval", DEFAULT_POLL_INTERVAL),
                leaseOf(s),
                s.integer("max-backlog", 0, 0, Integer.MAX_VALUE));
    }

    /** Leases are renewed every third of their length while a request runs, so a second is the floor. */
    private Duration leaseOf(Section s) {
        Duration lease = s.duration("lease", null);
        if (lease != null && lease.compareTo(Duration.ofSeconds(1)) < 0) throw values.error(s.get("lease"), "must be at least 1s");
        return lease;
    }

    private JunctionConfig.Alerts alerts(Node node) {
        Section s = new Section(values, node, ALERT_KEYS);
        Node urlNode = s.require("url");
        java.net.URI url;
        try {
            url = new java.net.URI(values.nonBlank(urlNode).strip());
        } catch (java.net.URISyntaxException e) {
            throw values.error(urlNode, "is not a valid URL");
        }
        if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
            throw values.error(urlNode, "must be an absolute http:// or https:// URL");
        }
        return new JunctionConfig.Alerts(url, s.duration("min-interval", Duration.ofMinutes(1)));
    }

    private OutboundSpec outbound(Node node, Map<String, DestinationSpec> destinations) {
        Section s = new Section(values, node, OUTBOUND_KEYS);
        List<Cidr> allow = new ArrayList<>();
        if (s.has("allow-networks")) {
            for (Node item : values.oneOrMany(s.get("allow-networks"))) {
                try {
                    allow.add(Cidr.parse(values.nonBlank(item)));
                } catch (IllegalArgumentException e) {
                    throw values.error(item, e.getMessage());
                }
            }
        }
        OutboundSpec d = OutboundSpec.DEFAULT;
        String operational = null;
        if (s.has("operational")) {
            operational = values.nonBlank(s.get("operational"));
            if (!destinations.containsKey(operational)) {
                throw values.error(s.get("operational"), "names no destination (configured: " + String.join(", ", destinations.keySet()) + ")");
            }
        }
        Duration disableAfter = s.has("disable-after") && "never".equals(values.nonBlank(s.get("disable-after")).strip())
                ? null : s.duration("disable-after", d.disableAfter());
        return new OutboundSpec(allow, s.bool("https-only", d.httpsOnly()),
                s.bool("require-idempotency-key", d.requireIdempotencyKey()), s.duration("idempotency-ttl", d.idempotencyTtl()), operational,
                disableAfter);
    }

    private JunctionConfig.Retention retention(Node node) {
        Section s = new Section(values, node, RETENTION_KEYS);
        JunctionConfig.Retention d = JunctionConfig.Retention.DEFAULT;
        return new JunctionConfig.Retention(s.duration("succeeded", d.succeeded()), s.duration("interval", d.interval()),
                s.integer("batch-size", d.batchSize(), 1, 100_000));
    }
}
