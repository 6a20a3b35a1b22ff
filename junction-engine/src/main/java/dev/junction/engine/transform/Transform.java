package dev.junction.engine.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.junction.core.config.TransformSpec;
import java.time.Duration;

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
            throw new TransformFailure(new FailureWording(spec.expression()).of(e));
        } catch (NumberFormatException e) {
            throw new TransformFailure(FailureWording.numberFormat(e));
        } catch (RuntimeException | StackOverflowError e) {
            throw new TransformFailure("the expression failed: " + describe(e));
        }
        if (result == null) throw new TransformFailure("the expression gave no value for this event (a path that matched nothing?)");
        return result;
    }

    /** A Java exception's kind, without its message (which may quote the event). */
    private static String describe(Throwable e) {
        return e.getClass().getSimpleName();
    }
}
