package dev.junction.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyKeyHeaderTest {

    @Test
    void readsAnSfStringABareValueAndIgnoresParameters() {
        assertThat(IdempotencyKeyHeader.parse("\"abc-1\"")).isEqualTo("abc-1");
        assertThat(IdempotencyKeyHeader.parse(" abc-1 ")).isEqualTo("abc-1");
        assertThat(IdempotencyKeyHeader.parse("\"a\\\"b\";x=1")).isEqualTo("a\"b");
    }

    @Test
    void refusesEmptyTooLongAndTwoValues() {
        assertThatThrownBy(() -> IdempotencyKeyHeader.parse("\"\"")).hasMessageContaining("empty");
        assertThatThrownBy(() -> IdempotencyKeyHeader.parse("\"" + "k".repeat(256) + "\"")).hasMessageContaining("at most 255");
        assertThatThrownBy(() -> IdempotencyKeyHeader.parse("\"a\", \"b\"")).hasMessageContaining("one key");
        assertThatThrownBy(() -> IdempotencyKeyHeader.parseSingle(java.util.List.of("a", "b"))).hasMessage("Send one Idempotency-Key header, not 2.");
    }

    @Test
    void formatsWhatItParsesBack() {
        String key = "we\"ird\\key";
        assertThat(IdempotencyKeyHeader.format(key)).isEqualTo("\"we\\\"ird\\\\key\"");
        assertThat(IdempotencyKeyHeader.parse(IdempotencyKeyHeader.format(key))).isEqualTo(key);
        assertThatThrownBy(() -> IdempotencyKeyHeader.format("tab\there")).isInstanceOf(IdempotencyKeyHeader.Invalid.class);
    }
}
