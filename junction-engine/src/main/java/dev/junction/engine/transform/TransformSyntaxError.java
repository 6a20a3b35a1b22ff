package dev.junction.engine.transform;

import com.dashjoin.jsonata.JException;

/**
 * An expression that does not compile; {@code line} and {@code column} (1-based, 0 when the library gives no
 * position) are inside the expression's own text.
 */
public final class TransformSyntaxError extends RuntimeException {

    private final int line;
    private final int column;

    TransformSyntaxError(String message, int line, int column) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    static TransformSyntaxError of(String expression, JException e) {
        String message = (e.getError() == null ? "" : e.getError() + ": ") + e.getMessage();
        int offset = e.getLocation();
        if (offset < 0) return new TransformSyntaxError(message, 0, 0);
        // JSONata points just past the token it stumbled on; point at the token itself.
        for (Object token : new Object[] {e.getCurrent(), e.getExpected()}) {
            String t = token == null ? "" : String.valueOf(token);
            if (!t.isEmpty() && offset >= t.length() && expression.startsWith(t, offset - t.length())) {
                offset -= t.length();
                break;
            }
        }
        // JSONata reports a character offset; editors want line and column.
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, expression.length()); i++) {
            if (expression.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new TransformSyntaxError(message, line, offset - lineStart + 1);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** {@code "at 3:14 of the expression: "} or nothing, then the message. */
    public String describe() {
        return (line > 0 ? "at " + line + ":" + column + " of the expression: " : "") + getMessage();
    }
}
