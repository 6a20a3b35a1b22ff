package dev.junction.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a small tree whose every node knows its key path and source position.
 *
 * <p>Jackson's {@code JsonNode} forgets where values came from, so we walk the {@link YAMLParser}
 * tokens ourselves; that is what lets every later error name the offending line. Scalars keep their
 * raw text (quoted or not) because conversion happens later, after environment interpolation.
 */
final class YamlTree {

    /** Keys whose values (and everything below them) must never be echoed in an error message. */
    private static final Set<String> SENSITIVE_KEYS = Set.of("secret", "secrets", "password", "headers", "bearer", "client-secret", "export-token");

    private static final YAMLFactory FACTORY = new YAMLFactory();

    record Pos(int line, int column) {
        static final Pos START = new Pos(1, 1);
    }

    /**
     * A node. {@code keyPos} is where the key (or list item) introducing the node is written, {@code pos}
     * where its value starts; they differ for block mappings and lists, whose value starts on a later line.
     */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        String path();
        Pos keyPos();
        Pos pos();
        boolean sensitive();
    }

    /** A mapping; entries keep file order. */
    record MapNode(String path, Pos keyPos, Pos pos, boolean sensitive, Map<String, Node> entries) implements Node {}

    record ListNode(String path, Pos keyPos, Pos pos, boolean sensitive, List<Node> items) implements Node {}

    /** A scalar; {@code isNull} for {@code ~}, {@code null} or an empty value. */
    record ScalarNode(String path, Pos keyPos, Pos pos, boolean sensitive, String raw, boolean isNull) implements Node {}

    private final String file;
    private final JsonParser parser;

    private YamlTree(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** Parses one YAML document; a syntax error becomes a {@link ConfigException} at the position snakeyaml reports. */
    static Node parse(String yamlText, String file) {
        try (JsonParser p = FACTORY.createParser(yamlText)) {
            YamlTree tree = new YamlTree(file, p);
            if (p.nextToken() == null) throw new ConfigException(file, 1, 1, null, "the file is empty");
            Node root = tree.readValue("", Pos.START, false);
            if (p.nextToken() != null) {
                Pos at = tree.tokenPos();
                throw new ConfigException(file, at.line(), at.column(), null,
                        "only one YAML document is allowed (found a second one after '---')");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e, yamlText);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when reading from a String
        }
    }

    private Node readValue(String path, Pos keyPos, boolean sensitive) throws IOException {
        Pos pos = tokenPos();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) return readMap(path, keyPos, pos, sensitive);
        if (token == JsonToken.START_ARRAY) return readList(path, keyPos, pos, sensitive);
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson hands aliases over as their anchor name, which would silently become the value.
            throw new ConfigException(file, pos.line(), pos.column(), path, "YAML aliases (*name) are not supported");
        }
        return new ScalarNode(path, keyPos, pos, sensitive, parser.getText(), token == JsonToken.VALUE_NULL);
    }

    private MapNode readMap(String path, Pos keyPos, Pos pos, boolean sensitive) throws IOException {
        Map<String, Node> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Pos kp = tokenPos();
            String childPath = path.isEmpty() ? key : path + "." + key;
            Node previous = entries.get(key);
            if (previous != null) {
                // Plain YAML parsers keep the last duplicate silently; an overridden route or secret is a trap.
                throw new ConfigException(file, kp.line(), kp.column(), childPath,
                        "duplicate key '" + key + "' (first at line " + previous.keyPos().line() + ")");
            }
            parser.nextToken();
            boolean childSensitive = sensitive || SENSITIVE_KEYS.contains(key.toLowerCase(Locale.ROOT));
            entries.put(key, readValue(childPath, kp, childSensitive));
        }
        return new MapNode(path, keyPos, pos, sensitive, Collections.unmodifiableMap(entries));
    }

    private ListNode readList(String path, Pos keyPos, Pos pos, boolean sensitive) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY && t != null) {
            Pos ip = tokenPos();
            items.add(readValue(path + "[" + items.size() + "]", ip, sensitive));
        }
        return new ListNode(path, keyPos, pos, sensitive, List.copyOf(items));
    }

    private Pos tokenPos() {
        JsonLocation loc = parser.currentTokenLocation();
        return new Pos(loc.getLineNr(), loc.getColumnNr());
    }

    /**
     * Jackson's own message embeds snakeyaml's source excerpt (which could show a secret on that line) and
     * spans several lines, so we rebuild a short one from snakeyaml's problem text and mark. The mark is
     * also more precise than Jackson's location, which is often the last token read successfully.
     */
    /** Whether line {@code index} (0-based) or the one before holds a {@code ${} outside quotes. */
    private static boolean unquotedVariable(String yamlText, int index) {
        List<String> lines = yamlText.lines().toList();
        for (int i = Math.max(0, index - 1); i <= index && i < lines.size(); i++) {
            boolean quoted = false;
            char quote = 0;
            String line = lines.get(i);
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (quoted) {
                    if (ch == quote) quoted = false;
                } else if (ch == '"' || ch == '\'') {
                    quoted = true;
                    quote = ch;
                } else if (ch == '$' && line.startsWith("${", c)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ConfigException syntaxError(String file, JsonProcessingException e, String yamlText) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblem() != null) {
            Mark mark = y.getProblemMark();
            String problem = "invalid YAML: " + y.getProblem().strip().replaceAll("\\.$", "");
            Mark contextMark = y.getContextMark();
            if (y.getContext() != null && contextMark != null) {
                problem += " (" + y.getContext().strip() + " at line " + (contextMark.getLine() + 1) + ")";
            }
            // snakeyaml's block-structure wording is opaque; it nearly always means misaligned indentation.
            if (problem.contains("<block")) problem += "; check the indentation";
            // ${PORT:-8080} unquoted in { } or [ ]: YAML reads its ':' and '}' as the mapping's own (the docs show the syntax).
            if (mark != null && (problem.contains("expected ',' or '}'") || problem.contains("expected ',' or ']'"))
                    && unquotedVariable(yamlText, mark.getLine())) {
                problem += "; a ${VAR} or ${VAR:-default} inside { } or [ ] must be quoted: \"${PORT:-8080}\"";
            }
            if (mark != null) return new ConfigException(file, mark.getLine() + 1, mark.getColumn() + 1, null, problem);
            JsonLocation loc = e.getLocation();
            return new ConfigException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), null, problem);
        }
        JsonLocation loc = e.getLocation();
        String message = e.getOriginalMessage();
        // Without snakeyaml's structured problem, keep only the first line: later lines may quote the source.
        String firstLine = message == null ? "unreadable YAML" : message.lines().findFirst().orElse("unreadable YAML");
        return new ConfigException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), null,
                "invalid YAML: " + firstLine);
    }
}
