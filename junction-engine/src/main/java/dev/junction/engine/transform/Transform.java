package dev.junction.engine.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.junction.core.config.TransformSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * A compiled JSONata expression (ADR 0025). One instance serves every lane: each evaluation gets its own
 * frame, bounded in time and depth so that a runaway expression fails its delivery instead of holding a lane.
 */
public final class Transform {

    /** Longer than any real mapping takes (well under a millisecond); a recursion without end stops here. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(1);
    static final int DEPTH_LIMIT = 200;

    private final TransformSpec spec;
    private final Jsonata expression;

    private Transform(TransformSpec spec, Jsonata expression) {
        this.spec = spec;
        this.expression = expression;
    }

    /** Compiles {@code spec}; an expression that cannot compile throws {@link TransformSyntaxError}. */
    public static Transform compile(TransformSpec spec) {
        try {
            return new Transform(spec, Jsonata.jsonata(spec.expression()));
        } catch (JException e) {
            throw TransformSyntaxError.of(spec.expression(), e);
        } catch (RuntimeException e) {
            // The parser lets a few of Java's own exceptions through (e.g. on an unterminated string).
            throw new TransformSyntaxError(describe(e), 0, 0);
        }
    }

    public TransformSpec spec() {
        return spec;
    }

    /**
     * The expression's result for {@code input} (maps, lists and scalars as {@link TransformBody} reads them).
     * Throws {@link TransformFailure} when the expression fails or gives no value.
     */
    public Object apply(Object input) {
        Jsonata.Frame frame = expression.createFrame();
        frame.setRuntimeBounds(TIME_LIMIT.toMillis(), DEPTH_LIMIT);
        Object result;
        try {
            result = expression.evaluate(input, frame);
        } catch (JException e) {
            throw new TransformFailure(message(e));
        } catch (NumberFormatException e) {
            throw new TransformFailure("the expression failed: a value it took for a number is not one (" + describe(e) + ")");
        } catch (RuntimeException | StackOverflowError e) {
            throw new TransformFailure("the expression failed: " + describe(e));
        }
        if (result == null) throw new TransformFailure("the expression gave no value for this event (a path that matched nothing?)");
        return result;
    }

    /**
     * The library's message, leaving out any value it quotes that is not written in the expression itself: such
     * a value comes from the event's body, and attempt errors are shown and alerted on (a body never is).
     * {@code $error("...")} texts are the author's own and kept whole.
     */
    String message(JException e) {
        String code = e.getError();
        String text;
        if (code == null || "D3137".equals(code)) {
            text = e.getMessage();
        } else {
            text = JException.msg(code, -1, shown(e.getCurrent()), shown(e.getExpected()), false);
        }
        String where = e.getLocation() >= 0 ? " (at character " + (e.getLocation() + 1) + " of the expression)" : "";
        return (code == null ? "" : code + ": ") + text + where;
    }

    private Object shown(Object value) {
        if (value == null) return null;
        if (value instanceof Map<?, ?>) return "an object";
        if (value instanceof Collection<?>) return "an array";
        String text = String.valueOf(value);
        if (spec.expression().contains(text)) return value; // an operator, a name, a literal: the author's own
        return value instanceof String ? "a string" : "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** A Java exception's kind, without its message (which may quote the event). */
    private static String describe(Throwable e) {
        return e.getClass().getSimpleName();
    }
}
