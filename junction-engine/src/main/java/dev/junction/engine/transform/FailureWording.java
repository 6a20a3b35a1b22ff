package dev.junction.engine.transform;

import com.dashjoin.jsonata.JException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an attempt records when an expression fails on an event: the library's message, leaving out any value it
 * quotes that is not written in the expression itself. Such a value comes from the event's body, and attempt errors
 * are shown and alerted on (a body never is). {@code $error("...")} texts are the author's own and kept whole.
 */
final class FailureWording {

    /** Stand-ins for the library's two message arguments, replaced once the message is formatted. */
    private static final String FIRST = "\u0001", SECOND = "\u0002";
    /** The Java port's messages say "Object" wherever JSONata's say "function" ("Argument 1 of Object ..."). */
    private static final Pattern OBJECT = Pattern.compile("\\bObject\\b");
    private static final String FUNCTIONS = "com.dashjoin.jsonata.Functions";

    private final String expression;

    FailureWording(String expression) {
        this.expression = expression;
    }

    String of(JException e) {
        String code = e.getError();
        String text = code == null || "D3137".equals(code) ? e.getMessage() : switch (code) {
            case "T0410" -> signature(e);
            // The library passes (the context value, the argument's number), not what its message names.
            case "T0411" -> "the context value does not match argument " + e.getExpected() + " of the function it stands in for";
            // (the argument, the array's item type): neither the argument's number nor the function is known.
            case "T0412" -> "an argument must be an array of " + items(e.getExpected());
            default -> formatted(code, e.getCurrent(), e.getExpected());
        };
        return (code == null ? "" : code + ": ") + text + where(e.getLocation());
    }

    /**
     * A string the library took for a number and could not read ({@code $number("+1 555")}): the Java port lets Java's
     * exception through, without the expression's position; the function that threw it is named from its stack.
     */
    static String numberFormat(NumberFormatException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals(FUNCTIONS)) {
                return "the expression failed: function $" + frame.getMethodName() + " was given a string that is not a number";
            }
        }
        return "the expression failed: a value it took for a number is not one (NumberFormatException)";
    }

    /**
     * The library numbers the argument from a prefix of the call's types that must match it whole: a number above 1 is
     * the first argument the call leaves out, but 1 is also what it says for any mismatch in a call of two or more
     * arguments ({@code $map(data, 1)}), so 1 is not taken to be the first.
     */
    private String signature(JException e) {
        String function = e.getExpected() != null && expression.contains("$" + e.getExpected()) ? "function $" + e.getExpected() : "a function";
        if (e.getCurrent() instanceof Integer n && n > 1) return "argument " + n + " of " + function + " is missing";
        return "an argument of " + function + " does not match its signature";
    }

    private String formatted(String code, Object current, Object expected) {
        String text = OBJECT.matcher(JException.msg(code, -1, FIRST, SECOND, false)).replaceAll("function");
        return with(with(text, FIRST, current), SECOND, expected);
    }

    /** {@code text} with {@code stand}-in replaced: quoted when the expression has it, else by its kind, unquoted. */
    private String with(String text, String stand, Object value) {
        if (value == null) return text.replace(stand, "");
        String written = String.valueOf(value);
        if (!(value instanceof Map<?, ?>) && !(value instanceof Collection<?>) && expression.contains(written)) {
            return text.replace(stand, written); // an operator, a name, a literal: the author's own
        }
        return text.replace('"' + stand + '"', kind(value)).replace(stand, kind(value));
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) return "an object";
        if (value instanceof Collection<?>) return "an array";
        if (value instanceof String) return "a string";
        if (value instanceof Number) return "a number";
        if (value instanceof Boolean) return "a boolean";
        return "a value";
    }

    /** A signature's item type ({@code <a<s>>}): the letters JSONata uses for them. */
    private static String items(Object type) {
        return switch (String.valueOf(type)) {
            case "s" -> "strings";
            case "n" -> "numbers";
            case "b" -> "booleans";
            case "o" -> "objects";
            case "a" -> "arrays";
            case "f" -> "functions";
            default -> "one type";
        };
    }

    private static String where(int location) {
        return location >= 0 ? " (at character " + (location + 1) + " of the expression)" : "";
    }
}
