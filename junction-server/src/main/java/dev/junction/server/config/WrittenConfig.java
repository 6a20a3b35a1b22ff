package dev.junction.server.config;

import dev.junction.core.explain.Blueprint;
import dev.junction.core.explain.Written;
import dev.junction.server.config.YamlTree.ListNode;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config file as {@code junction check} and {@code junction explain} read it: loaded (with every
 * {@code ${VAR}} that is not set here given a placeholder, since CI has none of production's secrets), and as it
 * is written, with the position of every key.
 *
 */
public final class WrittenConfig implements Written {

    private static final Pattern REFERENCE = Placeholders.REFERENCE;

    private final String file;
    private final JunctionConfig config;
    private final List<String> unsetVariables;
    /** Every node by its key path. */
    private final Map<String, Node> nodes;

    private WrittenConfig(String file, JunctionConfig config, List<String> unsetVariables, Map<String, Node> nodes) {
        this.file = file;
        this.config = config;
        this.unsetVariables = unsetVariables;
        this.nodes = nodes;
    }

    public String file() { return file; }

    public JunctionConfig config() { return config; }

    /** The variables the file needs that are not set here, checked with a placeholder. */
    public List<String> unsetVariables() { return unsetVariables; }

    /**
     * The variables not set in {@code env} that the values under {@code section} (a top-level key, e.g. store) of
     * {@code file} name; read before the file is loaded, whose placeholders would not pass for those values.
     */
    public static List<String> unsetIn(Path file, String section, Map<String, String> env) {
        String name = file.toString();
        Node root = YamlTree.parse(ConfigLoader.text(file), name);
        if (!(root instanceof MapNode m) || m.entries().get(section) == null) return List.of();
        TreeSet<String> named = new TreeSet<>();
        for (String value : scalars(m.entries().get(section), new ArrayList<>())) {
            Matcher matcher = REFERENCE.matcher(value);
            while (matcher.find()) if (env.get(matcher.group(1)) == null) named.add(matcher.group(1));
        }
        return List.copyOf(named);
    }

    /** A position in the file, 1-based. */
    public record Location(String file, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }

    /**
     * Reads {@code file}, each variable not set in {@code env} given a placeholder that fits where it is used
     * ({@link Placeholders}); a config the loader refuses is the loader's {@link ConfigException}, which says when the
     * value it is about comes from such a variable.
     */
    public static WrittenConfig read(Path file, Map<String, String> env) {
        String name = file.toString();
        String text = ConfigLoader.text(file);
        Node root = YamlTree.parse(text, name);
        // Values only, as the loader reads them: a ${VAR} in a comment is not one the file needs.
        Map<String, String> placeholders = Placeholders.of(root, env);
        Map<String, String> resolved = new LinkedHashMap<>(env);
        resolved.putAll(placeholders);
        try {
            return written(text, name, ConfigLoader.parse(text, name, resolved, placeholders), List.copyOf(new TreeSet<>(placeholders.keySet())));
        } catch (ConfigException e) {
            Map<String, Node> nodes = new LinkedHashMap<>();
            index(root, nodes);
            throw Placeholders.explain(e, nodes, placeholders);
        }
    }

    private static List<String> scalars(Node node, List<String> values) {
        switch (node) {
            case MapNode m -> m.entries().values().forEach(child -> scalars(child, values));
            case ListNode l -> l.items().forEach(child -> scalars(child, values));
            case ScalarNode s -> { if (!s.isNull()) values.add(s.raw()); }
        }
        return values;
    }

    /**
     * Reads {@code file} as {@code junction serve} runs it: every {@code ${VAR}} must be set in {@code env}, and a
     * config the loader refuses is its {@link ConfigException}, just as {@link ConfigLoader#load(Path, Map)}.
     */
    public static WrittenConfig load(Path file, Map<String, String> env) {
        return parse(ConfigLoader.text(file), file.toString(), env);
    }

    /** As {@link #load}, from YAML text; {@code name} stands for the file in locations and errors. */
    public static WrittenConfig parse(String text, String name, Map<String, String> env) {
        return written(text, name, ConfigLoader.parse(text, name, env), List.of());
    }

    private static WrittenConfig written(String text, String name, JunctionConfig config, List<String> unset) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        index(YamlTree.parse(text, name), nodes);
        return new WrittenConfig(name, config, unset, nodes);
    }

    private static void index(Node node, Map<String, Node> nodes) {
        nodes.put(node.path(), node);
        switch (node) {
            case MapNode m -> m.entries().values().forEach(child -> index(child, nodes));
            case ListNode l -> l.items().forEach(child -> index(child, nodes));
            case ScalarNode s -> { }
        }
    }

    /** What the checklist and the explanations read. */
    public Blueprint blueprint() {
        return new Blueprint(config.sources(), config.destinations(), config.routes(),
                config.alerts() == null ? null : config.alerts().url(), has("outbound") ? config.outbound() : null, this, config.synthetics());
    }

    /**
     * Where {@code path} is written: a scalar's value, a mapping's or list's key; for a key that is not written,
     * the nearest enclosing key that is (the file's start for a top-level key).
     */
    public Location locate(String path) {
        String p = path;
        while (!nodes.containsKey(p)) p = parent(p);
        Node node = nodes.get(p);
        YamlTree.Pos pos = p.equals(path) && node instanceof ScalarNode ? node.pos() : node.keyPos();
        return new Location(file, pos.line(), pos.column());
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    @Override
    public Optional<String> raw(String path) {
        return nodes.get(path) instanceof ScalarNode s && !s.isNull() ? Optional.of(s.raw()) : Optional.empty();
    }

    @Override
    public boolean has(String path) {
        return nodes.get(path) != null && !(nodes.get(path) instanceof ScalarNode s && s.isNull());
    }

    @Override
    public boolean unset(String path) {
        return raw(path).map(text -> Placeholders.REFERENCE.matcher(text).results().anyMatch(m -> unsetVariables.contains(m.group(1))))
                .orElse(false);
    }

    @Override
    public List<String> secretPaths() {
        List<String> paths = new ArrayList<>();
        nodes.values().forEach(n -> { if (n instanceof ScalarNode s && s.sensitive() && !s.isNull()) paths.add(n.path()); });
        return paths;
    }
}
