package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

/** When a sync takes two values of a field for the same: a number and its string, and null, "" and missing. */
class FieldValuesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static boolean same(String a, String b) {
        return FieldValues.same(json(a), json(b)) && FieldValues.same(json(b), json(a));
    }

    @Test
    void aNumberIsTheStringWrittenAsAJsonNumberOfTheSameValue() {
        assertThat(same("5", "\"5\"")).isTrue();
        assertThat(same("5", "\"5.0\"")).isTrue();
        assertThat(same("5", "5.0")).isTrue();
        assertThat(same("-12.5", "\"-12.5\"")).isTrue();
        assertThat(same("15550101", "\"15550101\"")).isTrue();
        assertThat(same("5", "\"05\"")).as("a leading zero is text (a phone, a zip code)").isFalse();
        assertThat(same("5", "\"+5\"")).isFalse();
        assertThat(same("5", "\" 5\"")).isFalse();
        assertThat(same("5", "\"6\"")).isFalse();
        assertThat(same("\"5\"", "\"5.0\"")).as("two strings are the same only when equal").isFalse();
        assertThat(same("true", "\"true\"")).isFalse();
    }

    @Test
    void nullEmptyAndMissingAreTheSameAndNothingElse() {
        assertThat(same("null", "\"\"")).isTrue();
        assertThat(FieldValues.same(json("\"\""), MissingNode.getInstance())).isTrue();
        assertThat(FieldValues.same(null, json("null"))).isTrue();
        assertThat(same("null", "\" \"")).isFalse();
        assertThat(same("null", "0")).isFalse();
        assertThat(same("\"\"", "\"0\"")).isFalse();
        assertThat(FieldValues.same(json("\"a\""), null)).isFalse();
    }
}
