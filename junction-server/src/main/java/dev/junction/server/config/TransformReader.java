package dev.junction.server.config;

import dev.junction.core.config.TransformSpec;
import dev.junction.engine.transform.Transform;
import dev.junction.engine.transform.TransformSyntaxError;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code transform:}, on a route or a destination: a JSONata expression written inline, or
 * {@code { file: mappings/x.jsonata }} (relative to the configuration file). It is compiled here, so an
 * expression that cannot compile stops the gateway at startup with both positions: where the expression
 * is in the YAML, and where the problem is in the expression.
 */
final class TransformReader {

    private static final List<String> KEYS = List.of("file");

    private final Values values;

    TransformReader(Values values) {
        this.values = values;
    }

    TransformSpec read(Node node) {
        if (node instanceof MapNode) {
            Node fileNode = new Section(values, node, KEYS).require("file");
            String file = values.nonBlank(fileNode);
            Path path = resolve(file);
            String expression = readFile(fileNode, file, path);
            return compiled(fileNode, new TransformSpec(expression, file), file);
        }
        String expression = values.verbatim(node);
        return compiled(node, new TransformSpec(expression, values.file() + ":" + node.pos().line() + ":" + node.pos().column()), null);
    }

    /** {@code spec} once it compiles; else an error at {@code node} naming the place in the expression (or in {@code file}). */
    private TransformSpec compiled(Node node, TransformSpec spec, String file) {
        try {
            Transform.compile(spec);
            return spec;
        } catch (TransformSyntaxError e) {
            String at = e.line() == 0 ? "" : e.line() + ":" + e.column();
            String problem = file == null
                    ? "does not compile" + (at.isEmpty() ? "" : " at " + at + " of the expression") + ": " + e.getMessage()
                    : file + (at.isEmpty() ? "" : ":" + at) + ": does not compile: " + e.getMessage();
            throw values.error(node, problem);
        }
    }

    private Path resolve(String file) {
        Path path = Path.of(file);
        if (path.isAbsolute()) return path;
        Path config = Path.of(values.file()).toAbsolutePath().getParent();
        return config == null ? path : config.resolve(path);
    }

    private String readFile(Node node, String file, Path path) {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw values.error(node, "no such file: " + file + " (a relative path is read from the configuration file's directory)");
        } catch (CharacterCodingException e) {
            throw values.error(node, file + " is not UTF-8 text");
        } catch (IOException e) {
            throw values.error(node, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
