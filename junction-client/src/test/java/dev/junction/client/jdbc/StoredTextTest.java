package dev.junction.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredTextTest {

    @Test
    void aKeyThatFitsIsKeptAndALongerOneIsItsHash() {
        assertThat(StoredText.key("evt_1", 255)).isEqualTo("evt_1");
        String a = StoredText.key("k".repeat(256) + "a", 255);
        String b = StoredText.key("k".repeat(256) + "b", 255);
        assertThat(a).startsWith("sha256:").hasSize(71).isNotEqualTo(b);
        assertThat(StoredText.key("k".repeat(256) + "a", 255)).isEqualTo(a);
    }

    @Test
    void aLabelIsCutButNeverInsideASurrogatePair() {
        assertThat(StoredText.label(null, 10)).isNull();
        assertThat(StoredText.label("invoice.paid", 200)).isEqualTo("invoice.paid");
        assertThat(StoredText.label("abcdef", 3)).isEqualTo("abc");
        String emoji = "ab\uD83D\uDE00"; // a, b, then one code point in two chars
        assertThat(StoredText.label(emoji, 3)).isEqualTo("ab");
    }
}
