package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Where the cursor moves after a poll: to the greatest {@code updated} value listed, never back. Values compare as
 * numbers when both are numbers, as instants when both are ISO-8601 timestamps, else as text. The next poll asks
 * from that value on, including it: items sharing it are listed again and the snapshot finds them unchanged, so
 * a tie never skips an item that came late with the same value (ADR 0021).
 */
final class Cursors {

    private Cursors() {}

    static String advance(String cursor, List<JsonNode> items, String updatedPointer) {
        if (updatedPointer == null) return cursor;
        String max = cursor;
        for (JsonNode item : items) {
            JsonNode value = item.at(updatedPointer);
            if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) continue;
            if (max == null || max.isEmpty() || compare(value.asText(), max) > 0) max = value.asText();
        }
        return max;
    }

    static int compare(String a, String b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) return x.compareTo(y);
        OffsetDateTime s = timestamp(a);
        OffsetDateTime t = timestamp(b);
        if (s != null && t != null) return s.toInstant().compareTo(t.toInstant());
        return a.compareTo(b);
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static OffsetDateTime timestamp(String s) {
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
