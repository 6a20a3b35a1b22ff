package dev.junction.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReserialisedJsonObjectHasTheSameFingerprint() {
        assertThat(RequestFingerprint.of("POST", "/orders", utf8("{\"b\": 1, \"a\": 2.50}")))
                .isEqualTo(RequestFingerprint.of("POST", "/orders", utf8("{\"a\":2.50,\"b\":1}")));
    }

    @Test
    void methodPathAndBodyEachCount() {
        String base = RequestFingerprint.of("POST", "/orders", utf8("{\"a\":1}"));
        assertThat(RequestFingerprint.of("PATCH", "/orders", utf8("{\"a\":1}"))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("POST", "/orders?x=1", utf8("{\"a\":1}"))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("POST", "/orders", utf8("{\"a\":2}"))).isNotEqualTo(base);
    }
}
