package dev.junction.server.config;

/**
 * A configuration problem, reported as a single line {@code <file>:<line>:<col>: <key path>: <problem>}
 * so that editors and terminals can jump to it. Line and column are 1-based; when there is no
 * position (the file cannot be read) they are 0 and left out, as is a null key path (YAML syntax errors).
 *
 * <p>Messages never contain secret values: the loader redacts them before building the problem text.
 */
public final class ConfigException extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;
    private final String path;
    private final String problem;

    public ConfigException(String file, int line, int column, String path, String problem) {
        super(format(file, line, column, path, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.path = path == null || path.isEmpty() ? null : path;
        this.problem = problem;
    }

    private static String format(String file, int line, int column, String path, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line).append(':').append(column);
        sb.append(": ");
        if (path != null && !path.isEmpty()) sb.append(path).append(": ");
        sb.append(problem);
        // One line, always: log collectors and "file:line:col" tooling split on newlines.
        return sb.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    public String file() { return file; }

    /** 1-based line, or 0 when the problem has no position. */
    public int line() { return line; }

    /** 1-based column, or 0 when the problem has no position. */
    public int column() { return column; }

    /**
     * Dotted key path such as {@code destinations.billing.timeout} or {@code routes[0].to[1]}; null for syntax
     * errors and problems with the document as a whole.
     */
    public String path() { return path; }

    /** What is wrong, without the position prefix. */
    public String problem() { return problem; }
}
