package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * When two values of a synced field are the same value, as systems that normalise what they store tell it: a number and
 * a string written as a JSON number of equal value ({@code 5}, {@code "5"}, {@code "5.0"}, {@code 5.0}; not {@code "05"},
 * {@code "+5"} nor {@code " 5"}, which are text), and null, {@code ""} and a missing field. Two strings are the same only
 * when equal. Every comparison of values for "the same" in a sync (drift, echoes, a write's need) asks here.
 */
final class FieldValues {

    /** A JSON number as text: what a system that stores numbers gives back for a string it took for one. */
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private FieldValues() {}

    /** @param a, b values, or null / a missing node for none */
    static boolean same(JsonNode a, JsonNode b) {
        if (blank(a) || blank(b)) return blank(a) && blank(b);
        if (a.equals(b)) return true;
        if (!a.isNumber() && !b.isNumber()) return false;
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        return x != null && y != null && x.compareTo(y) == 0;
    }

    /** Whether {@code values} holds one the same as {@code value}. */
    static boolean anySame(List<JsonNode> values, JsonNode value) {
        return lastSame(values, value) >= 0;
    }

    /** The index of the last of {@code values} the same as {@code value}, or -1. */
    static int lastSame(List<JsonNode> values, JsonNode value) {
        for (int i = values.size() - 1; i >= 0; i--) if (same(values.get(i), value)) return i;
        return -1;
    }

    private static boolean blank(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() || v.isTextual() && v.textValue().isEmpty();
    }

    private static BigDecimal number(JsonNode v) {
        if (v.isNumber()) return v.decimalValue();
        if (v.isTextual() && v.textValue().length() <= 64 && NUMBER.matcher(v.textValue()).matches()) return new BigDecimal(v.textValue());
        return null;
    }
}
