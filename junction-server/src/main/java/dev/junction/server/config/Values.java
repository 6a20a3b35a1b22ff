package dev.junction.server.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.server.config.YamlTree.ListNode;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import dev.junction.server.config.YamlTree.Pos;
import dev.junction.server.config.YamlTree.ScalarNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of single nodes, with environment interpolation and errors positioned on the node.
 * This is the one place that echoes values into messages, so redaction lives here too ({@link #show}).
 */
final class Values {

    static final String REDACTED = "<redacted>";

    /**
     * What a number, duration, switch or size wholly written as a variable not set here stands for (junction check
     * without production's environment): values every such key takes, so the file is checked, not the placeholder.
     */
    static final int PLACEHOLDER_NUMBER = 8;
    static final double PLACEHOLDER_DECIMAL = 2;
    static final Duration PLACEHOLDER_DURATION = Duration.ofSeconds(30);
    static final long PLACEHOLDER_SIZE = 1024 * 1024;

    private final String file;
    private final Map<String, String> env;
    /** Variables not set here, by name (only when checking): see {@link Placeholders}. */
    private final Map<String, String> placeholders;

    Values(String file, Map<String, String> env) {
        this(file, env, Map.of());
    }

    Values(String file, Map<String, String> env, Map<String, String> placeholders) {
        this.file = file;
        this.env = env;
        this.placeholders = placeholders;
    }

    /** True when {@code node} is wholly a variable not set here, so a typed read takes its placeholder. */
    private boolean unset(Node node) {
        return !placeholders.isEmpty() && Placeholders.wholly(node, placeholders) != null;
    }

    String file() {
        return file;
    }

    /** An error about a node's value, at the value. */
    ConfigException error(Node node, String problem) {
        return error(node.pos(), node.path(), problem);
    }

    /** An error about a node as a whole (missing child, unknown key, invalid combination), at its key. */
    ConfigException errorAtKey(Node node, String problem) {
        return error(node.keyPos(), node.path(), problem);
    }

    ConfigException error(Pos pos, String path, String problem) {
        return new ConfigException(file, pos.line(), pos.column(), path, problem);
    }

    /** How a value appears in a message: quoted, or {@code <redacted>} under a secret-bearing key. */
    static String show(Node node, String value) {
        return node.sensitive() ? REDACTED : '"' + value + '"';
    }

    MapNode map(Node node) {
        if (node instanceof MapNode m) return m;
        throw error(node, "expected a mapping (key: value lines or { key: value }), got " + describe(node));
    }

    ListNode list(Node node) {
        if (node instanceof ListNode l) return l;
        throw error(node, "expected a list ([a, b] or '- item' lines), got " + describe(node));
    }

    /** A single item, or each item of a list: for keys where one value is the common case ({@code to: billing}). */
    List<Node> oneOrMany(Node node) {
        return node instanceof ListNode l ? l.items() : List.of(scalarNode(node));
    }

    /** A JSON pointer (e.g. {@code example}); with {@code optional}, an absent or empty one is "" (the whole document). */
    String jsonPointer(Node node, String example, boolean optional) {
        if (node == null && optional) return "";
        String text = text(node).strip();
        if (text.isEmpty() && optional) return "";
        if (!text.startsWith("/")) throw error(node, "must be a JSON pointer starting with / (e.g. " + example + ")");
        try {
            JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw error(node, show(node, text) + " is not a valid JSON pointer");
        }
        return text;
    }

    /** The scalar's text with {@code ${...}} references resolved. */
    String text(Node node) {
        ScalarNode scalar = scalarNode(node);
        if (scalar.isNull()) throw error(node, "has no value");
        try {
            return Interpolation.apply(scalar.raw(), env, node.sensitive());
        } catch (Interpolation.Problem p) {
            throw error(node, p.getMessage());
        }
    }

    /**
     * The scalar's text as written, without interpolation: for expressions, whose meaning must not depend on
     * the environment (and whose {@code $} are their own).
     */
    String verbatim(Node node) {
        ScalarNode scalar = scalarNode(node);
        if (scalar.isNull() || scalar.raw().isBlank()) throw error(node, "has no value");
        return scalar.raw();
    }

    /** Like {@link #text} but also rejects blank values: an empty secret or URL is always a mistake. */
    String nonBlank(Node node) {
        String s = text(node);
        if (s.isBlank()) throw error(node, "must not be empty");
        return s;
    }

    int integer(Node node, int min, int max) {
        if (unset(node)) return Math.max(min, Math.min(max, "port".equals(key(node)) ? Integer.parseInt(Placeholders.PORT) : PLACEHOLDER_NUMBER));
        String s = text(node).strip();
        int value;
        try {
            value = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(node, show(node, s) + " is not a whole number");
        }
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw error(node, "must be " + range + ", was " + (node.sensitive() ? REDACTED : value));
        }
        return value;
    }

    double decimal(Node node) {
        if (unset(node)) return PLACEHOLDER_DECIMAL;
        String s = text(node).strip();
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw error(node, show(node, s) + " is not a number");
    }

    /** {@code true} or {@code false}: YAML's other spellings (yes, on) are refused rather than guessed at. */
    boolean bool(Node node) {
        if (unset(node)) return true;
        String s = text(node).strip();
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw error(node, "must be true or false, was " + show(node, s));
    }

    /** A strictly positive duration: zero timeouts, intervals or tolerances are never meaningful here. */
    Duration duration(Node node) {
        Duration d = durationOrZero(node);
        if (d.isZero()) throw error(node, "must be a positive duration, was " + show(node, text(node)));
        return d;
    }

    /** A duration where 0 means "none" (a hold that is off). */
    Duration durationOrZero(Node node) {
        if (unset(node)) return PLACEHOLDER_DURATION;
        String s = text(node);
        Duration d = Durations.parse(s);
        if (d == null) throw error(node, show(node, s) + " is not a duration (" + Durations.HINT + ")");
        if (d.isNegative()) throw error(node, "must be a positive duration or 0s, was " + show(node, s));
        return d;
    }

    long size(Node node) {
        if (unset(node)) return PLACEHOLDER_SIZE;
        String s = text(node);
        long bytes = Sizes.parse(s);
        if (bytes < 0) throw error(node, show(node, s) + " is not a size (" + Sizes.HINT + ")");
        if (bytes == 0) throw error(node, "must be more than 0 bytes");
        return bytes;
    }

    /** A required JSON pointer: starts with / and compiles (Jackson's rules), or the error says where and shows {@code example}. */
    String jsonPointer(Node node, String example) {
        return jsonPointer(node, example, false);
    }

    private static String key(Node node) {
        return node.path().substring(node.path().lastIndexOf('.') + 1);
    }

    private ScalarNode scalarNode(Node node) {
        if (node instanceof ScalarNode s) return s;
        throw error(node, "expected a single value, got " + describe(node));
    }

    private static String describe(Node node) {
        return switch (node) {
            case MapNode m -> "a mapping";
            case ListNode l -> "a list";
            case ScalarNode s when s.isNull() -> "nothing";
            case ScalarNode s -> show(s, s.raw());
        };
    }
}
