package dev.junction.server.config;

import dev.junction.server.config.YamlTree.ListNode;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code junction check} and {@code explain} put for a {@code ${VAR}} not set here (CI has none of production's
 * secrets): a value that fits where the variable is used, so the config loads as it will in production. A URL's
 * placeholder follows the key it sits under (a destination with {@code exchange} or {@code routing-key} gets an amqps
 * one, with {@code subject} a nats one, the store a JDBC one); a number, duration or switch is given one by the
 * typed read itself ({@link Values#integer} and the others); anything else, a secret, gets a whsec_ key. A value the
 * loader still refuses is said to come from the variable, never shown as if the file held it ({@link #explain}).
 */
final class Placeholders {

    /** A valid whsec_ key (signing secrets are checked for that shape), URL-safe, so it also fits inside a URL. */
    static final String SECRET = "whsec_anVuY3Rpb25jaGVja3BsYWNlaG9sZGVy";
    static final String HTTPS = "https://unset.invalid/";
    static final String AMQP = "amqps://unset.invalid/";
    static final String NATS = "nats://unset.invalid:4222";
    static final String STORE = "jdbc:postgresql://unset.invalid:5432/junction";
    /** For a variable that is part of a URL's authority: {@code https://${API_HOST}:${API_PORT}/}. */
    static final String HOST = "unset.invalid";
    static final String PORT = "8080";

    /** A reference without a default: one the file needs. */
    static final Pattern REFERENCE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern DESTINATION = Pattern.compile("destinations\\.[^.]+\\.[^.]+");
    private static final Pattern WHOLE = Pattern.compile("\\s*\\$\\{([A-Za-z_][A-Za-z0-9_]*)}\\s*");

    private Placeholders() {}

    /** Each variable the values of {@code root} name that {@code env} does not set, with its placeholder (chosen at its first use). */
    static Map<String, String> of(Node root, Map<String, String> env) {
        Map<String, String> chosen = new LinkedHashMap<>();
        walk(root, null, env, chosen);
        return chosen;
    }

    /** The variable {@code node} is wholly written as ({@code "${PORT}"}), if it is unset here; else null. */
    static String wholly(Node node, Map<String, String> placeholders) {
        if (!(node instanceof ScalarNode s) || s.isNull()) return null;
        Matcher m = WHOLE.matcher(s.raw());
        return m.matches() && placeholders.containsKey(m.group(1)) ? m.group(1) : null;
    }

    private static void walk(Node node, MapNode parent, Map<String, String> env, Map<String, String> chosen) {
        switch (node) {
            case MapNode m -> m.entries().values().forEach(child -> walk(child, m, env, chosen));
            case ListNode l -> l.items().forEach(child -> walk(child, parent, env, chosen));
            case ScalarNode s -> {
                if (s.isNull()) return;
                boolean whole = WHOLE.matcher(s.raw()).matches();
                Matcher m = REFERENCE.matcher(s.raw());
                while (m.find()) {
                    String name = m.group(1);
                    if (env.get(name) == null && !chosen.containsKey(name)) chosen.put(name, whole ? fitting(s, parent, name) : part(name));
                }
            }
        }
    }

    private static String fitting(ScalarNode node, MapNode parent, String name) {
        String key = node.path().substring(node.path().lastIndexOf('.') + 1);
        if (!key.equals("url") && !key.endsWith("-url") && !name.endsWith("_URL")) return SECRET;
        if (node.path().equals("store.url")) return STORE;
        Map<String, Node> siblings = parent == null ? Map.of() : parent.entries();
        if (node.path().startsWith("destinations.")) {
            if (siblings.containsKey("exchange") || siblings.containsKey("routing-key")) return AMQP;
            if (siblings.containsKey("subject")) return NATS;
        }
        return HTTPS;
    }

    private static String part(String name) {
        if (name.endsWith("_HOST")) return HOST;
        if (name.endsWith("_PORT")) return PORT;
        return SECRET;
    }

    /**
     * {@code e} as the user should read it: when the value it is about comes from a variable not set here, the
     * placeholder is named as that variable and the message says so, so no one looks in the file for a value they
     * never wrote. Other problems are {@code e} itself.
     */
    static ConfigException explain(ConfigException e, Map<String, Node> nodes, Map<String, String> placeholders) {
        if (e.path() == null || placeholders.isEmpty()) return e;
        TreeSet<String> from = new TreeSet<>();
        if (nodes.get(e.path()) != null) named(nodes.get(e.path()), placeholders, from);
        // A destination's kind follows from its URL: a key refused as another kind's may be the URL's variable's doing.
        String url = parent(e.path()) + ".url";
        if (from.isEmpty() && DESTINATION.matcher(e.path()).matches() && nodes.get(url) != null) named(nodes.get(url), placeholders, from);
        if (from.isEmpty()) return e;
        String problem = e.problem();
        for (String name : from) problem = problem.replace(placeholders.get(name), "${" + name + "}");
        String variables = String.join(", ", from.stream().map(n -> "${" + n + "}").toList());
        return new ConfigException(e.file(), e.line(), e.column(), e.path(), problem + " (the value comes from " + variables
                + ", not set here: checked with a placeholder; set it to check the real value)");
    }

    private static void named(Node node, Map<String, String> placeholders, TreeSet<String> names) {
        switch (node) {
            case MapNode m -> m.entries().values().forEach(child -> named(child, placeholders, names));
            case ListNode l -> l.items().forEach(child -> named(child, placeholders, names));
            case ScalarNode s -> {
                if (s.isNull()) return;
                Matcher m = REFERENCE.matcher(s.raw());
                while (m.find()) if (placeholders.containsKey(m.group(1))) names.add(m.group(1));
            }
        }
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
