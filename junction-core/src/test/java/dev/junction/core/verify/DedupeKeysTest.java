package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.VerifySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupeKeysTest {

    private static final Verifier GITHUB = SignatureSchemes.create(new VerifySpec("github", List.of("s"), null, null));
    private static final Verifier NONE = SignatureSchemes.create(new VerifySpec("none", List.of(), null, null));
    private static final byte[] JSON = utf8("{\"id\":\"evt_9\",\"n\":42,\"o\":{\"a\":1},\"nil\":null,\"blank\":\"\"}");
    private static final Map<String, String> HEADERS = Map.of("X-GitHub-Delivery", "delivery-1", "X-Request-Id", "req-7");

    private static String key(Map<String, String> headers, byte[] body, Verifier verifier, DedupeSpec spec) {
        return DedupeKeys.of(WebhookRequest.of(headers, body), verifier, spec);
    }

    @Test
    void configuredHeaderComesFirst() {
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec("x-request-id", null))).isEqualTo("req-7");
    }

    @Test
    void absentConfiguredHeaderFallsBackToTheSchemeKey() {
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec("X-Other", null))).isEqualTo("delivery-1");
    }

    @Test
    void configuredJsonPointerTakesStringsAsIsAndOtherValuesAsJson() {
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec(null, "/id"))).isEqualTo("evt_9");
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec(null, "/n"))).isEqualTo("42");
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec(null, "/o"))).isEqualTo("{\"a\":1}");
    }

    @Test
    void absentNullOrBlankJsonValueFallsBackToTheSchemeKey() {
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec(null, "/missing"))).isEqualTo("delivery-1");
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec(null, "/nil"))).isEqualTo("delivery-1");
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec(null, "/blank"))).isEqualTo("delivery-1");
    }

    @Test
    void aPointerReachesIntoNestedObjectsAndArrays() {
        byte[] body = utf8("{\"type\":\"x\",\"data\":{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"object\":{\"id\":\"ch_1\"}}}");
        assertThat(key(HEADERS, body, GITHUB, new DedupeSpec(null, "/data/object/id"))).isEqualTo("ch_1");
        assertThat(key(HEADERS, body, GITHUB, new DedupeSpec(null, "/data/items/1/id"))).isEqualTo("b");
        assertThat(key(HEADERS, body, GITHUB, new DedupeSpec(null, "/data/items/2/id"))).isEqualTo("delivery-1");
    }

    @Test
    void aBodyThatStopsBeingJsonAfterTheValueHasNoJsonKey() {
        // The value is read before the break, but the body as a whole is not JSON.
        byte[] truncated = utf8("{\"id\":\"evt_9\",\"data\":{\"object\":[1,2");
        assertThat(key(HEADERS, truncated, GITHUB, new DedupeSpec(null, "/id"))).isEqualTo("delivery-1");
    }

    @Test
    void nonJsonBodyHasNoJsonKeyAndFallsBackWithoutError() {
        byte[] form = utf8("a=1&b=2");
        assertThat(key(HEADERS, form, GITHUB, new DedupeSpec(null, "/id"))).isEqualTo("delivery-1");
        assertThat(key(Map.of(), form, NONE, new DedupeSpec(null, "/id"))).isEqualTo("sha256:" + sha256Hex(form));
    }

    @Test
    void schemeKeyIsUsedWhenNothingIsConfigured() {
        assertThat(key(HEADERS, JSON, GITHUB, DedupeSpec.DEFAULT)).isEqualTo("delivery-1");
        assertThat(key(HEADERS, JSON, GITHUB, null)).isEqualTo("delivery-1");
    }

    @Test
    void bodyHashIsTheLastResort() {
        assertThat(key(Map.of(), JSON, NONE, DedupeSpec.DEFAULT)).isEqualTo("sha256:" + sha256Hex(JSON));
        assertThat(key(Map.of(), JSON, null, DedupeSpec.DEFAULT)).isEqualTo("sha256:" + sha256Hex(JSON));
        // The well-known SHA-256 of nothing, as a check independent of any helper.
        assertThat(key(Map.of(), new byte[0], NONE, DedupeSpec.DEFAULT))
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void keysLongerThan200CharsAreHashed() {
        String exactly200 = "k".repeat(200);
        String longer = "k".repeat(201);
        assertThat(key(Map.of("X-Id", exactly200), JSON, NONE, new DedupeSpec("X-Id", null))).isEqualTo(exactly200);
        assertThat(key(Map.of("X-Id", longer), JSON, NONE, new DedupeSpec("X-Id", null)))
                .isEqualTo("sha256:" + sha256Hex(utf8(longer)));
    }

    @Test
    void invalidJsonPointerIsAConfigurationError() {
        assertThatThrownBy(() -> key(Map.of(), JSON, NONE, new DedupeSpec(null, "id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON Pointer");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
