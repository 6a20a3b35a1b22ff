package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.DedupeKey.Key;
import dev.junction.core.verify.DedupeKey.Malformed;
import dev.junction.core.verify.DedupeKey.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupeKeysTest {

    private static final Verifier GITHUB = SignatureSchemes.create(new VerifySpec("github", List.of("s"), null, null));
    private static final Verifier STRIPE = SignatureSchemes.create(new VerifySpec("stripe", List.of("whsec_x"), null, null));
    private static final Verifier NONE = SignatureSchemes.create(new VerifySpec("none", List.of(), null, null));
    private static final byte[] JSON = utf8("{\"id\":\"evt_9\",\"n\":42,\"f\":1.50,\"o\":{\"a\":1},\"nil\":null,\"blank\":\" \",\"empty\":\"\"}");
    private static final Map<String, String> HEADERS = Map.of("X-GitHub-Delivery", "delivery-1", "X-Request-Id", "req-7");
    private static final String STRIPE_PROMISE = "; Stripe events carry a string id at /id";
    private static final String POINTER_PROMISE = "; this source's dedupe.json-pointer names it as the dedupe key";

    private static DedupeKey key(Map<String, String> headers, byte[] body, Verifier verifier, DedupeSpec spec) {
        return DedupeKeys.of(WebhookRequest.of(headers, body), verifier, spec);
    }

    private static DedupeKey atPointer(byte[] body, String pointer) {
        return key(HEADERS, body, GITHUB, new DedupeSpec(null, pointer));
    }

    private static DedupeKey stripe(byte[] body) {
        return key(Map.of(), body, STRIPE, DedupeSpec.DEFAULT);
    }

    private static DedupeKey stripe(String body) {
        return stripe(utf8(body));
    }

    @Test
    void configuredHeaderComesFirst() {
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec("x-request-id", null))).isEqualTo(new Key("req-7"));
    }

    @Test
    void anAbsentOrEmptyConfiguredHeaderIsMalformedNotReplacedByTheSchemeKey() {
        // Keying some retries by X-Request-Id and others by the delivery id would let both through.
        assertThat(key(HEADERS, JSON, GITHUB, new DedupeSpec("X-Other", null))).isEqualTo(new Malformed(Reason.KEY_MISSING,
                "header X-Other is missing; this source's dedupe.header names it as the dedupe key"));
        assertThat(key(Map.of("X-Other", "  "), JSON, NONE, new DedupeSpec("X-Other", null))).isEqualTo(new Malformed(Reason.KEY_EMPTY,
                "header X-Other is empty; this source's dedupe.header names it as the dedupe key"));
    }

    @Test
    void configuredJsonPointerTakesStringsAsIsAndNumbersAsTheirJsonText() {
        assertThat(atPointer(JSON, "/id")).isEqualTo(new Key("evt_9"));
        assertThat(atPointer(JSON, "/n")).isEqualTo(new Key("42"));
        assertThat(atPointer(JSON, "/f")).isEqualTo(new Key("1.50"));
    }

    @Test
    void aConfiguredJsonPointerThatIsAbsentNullEmptyOrNotAScalarIsMalformedNotReplacedByTheSchemeKey() {
        assertThat(atPointer(JSON, "/missing")).isEqualTo(new Malformed(Reason.KEY_MISSING, "/missing is missing" + POINTER_PROMISE));
        assertThat(atPointer(JSON, "/nil")).isEqualTo(new Malformed(Reason.KEY_MISSING, "/nil is null" + POINTER_PROMISE));
        assertThat(atPointer(JSON, "/empty")).isEqualTo(new Malformed(Reason.KEY_EMPTY, "/empty is an empty string" + POINTER_PROMISE));
        assertThat(atPointer(JSON, "/blank")).isEqualTo(new Malformed(Reason.KEY_EMPTY, "/blank is a blank string" + POINTER_PROMISE));
        assertThat(atPointer(JSON, "/o")).isEqualTo(new Malformed(Reason.KEY_WRONG_TYPE, "/o is an object" + POINTER_PROMISE));
    }

    @Test
    void aPointerReachesIntoNestedObjectsAndArrays() {
        byte[] body = utf8("{\"type\":\"x\",\"data\":{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"object\":{\"id\":\"ch_1\"}}}");
        assertThat(atPointer(body, "/data/object/id")).isEqualTo(new Key("ch_1"));
        assertThat(atPointer(body, "/data/items/1/id")).isEqualTo(new Key("b"));
        assertThat(atPointer(body, "/data/items/2/id"))
                .isEqualTo(new Malformed(Reason.KEY_MISSING, "/data/items/2/id is missing" + POINTER_PROMISE));
        assertThat(atPointer(utf8("[{\"id\":\"a\"}]"), "/0/id")).isEqualTo(new Key("a"));
    }

    @Test
    void aBodyThatStopsBeingJsonAfterTheValueHasNoKey() {
        // The value is read before the break, but the body as a whole is not JSON.
        byte[] truncated = utf8("{\"id\":\"evt_9\",\"data\":{\"object\":[1,2");
        assertThat(atPointer(truncated, "/id")).isEqualTo(new Malformed(Reason.NOT_JSON, "the body is not JSON: unexpected end at byte 35"));
    }

    @Test
    void aFormBodyHasNoJsonKeyWhenOneIsConfiguredButIsHashedWhenNoneIs() {
        byte[] form = utf8("a=1&b=2");
        assertThat(atPointer(form, "/id")).isEqualTo(new Malformed(Reason.NOT_JSON, "the body is not JSON: unexpected input at byte 0"));
        assertThat(key(Map.of(), form, NONE, DedupeSpec.DEFAULT)).isEqualTo(new Key("sha256:" + sha256Hex(form)));
    }

    @Test
    void stripeEventsWithoutAUsableIdSayWhatIsWrong() {
        assertThat(stripe("[]")).isEqualTo(new Malformed(Reason.KEY_MISSING, "the body is an array, not an object" + STRIPE_PROMISE));
        assertThat(stripe("\"evt_1\"")).isEqualTo(new Malformed(Reason.KEY_MISSING, "the body is a string, not an object" + STRIPE_PROMISE));
        assertThat(stripe("{\"object\":\"event\"}")).isEqualTo(new Malformed(Reason.KEY_MISSING, "/id is missing" + STRIPE_PROMISE));
        assertThat(stripe("{\"id\": null}")).isEqualTo(new Malformed(Reason.KEY_MISSING, "/id is null" + STRIPE_PROMISE));
        assertThat(stripe("{\"id\": \"\"}")).isEqualTo(new Malformed(Reason.KEY_EMPTY, "/id is an empty string" + STRIPE_PROMISE));
        assertThat(stripe("{\"id\": {}}")).isEqualTo(new Malformed(Reason.KEY_WRONG_TYPE, "/id is an object" + STRIPE_PROMISE));
        assertThat(stripe("{\"id\": [\"evt_1\"]}")).isEqualTo(new Malformed(Reason.KEY_WRONG_TYPE, "/id is an array" + STRIPE_PROMISE));
        assertThat(stripe("{\"id\": true}")).isEqualTo(new Malformed(Reason.KEY_WRONG_TYPE, "/id is a boolean" + STRIPE_PROMISE));
        // A nested id is not the event's.
        assertThat(stripe("{\"data\":{\"id\":\"ch_1\"}}")).isEqualTo(new Malformed(Reason.KEY_MISSING, "/id is missing" + STRIPE_PROMISE));
        // A lone surrogate escape is JSON's syntax but no text: stored, each would be "evt_s9?", one key for three events.
        for (String lone : new String[] {"evt_s9\\ud83d", "evt_s9\\udc00", "\\ud83devt"}) {
            assertThat(stripe("{\"id\": \"" + lone + "\"}"))
                    .isEqualTo(new Malformed(Reason.KEY_WRONG_TYPE, "/id is not Unicode text (a lone surrogate escape)" + STRIPE_PROMISE));
        }
        assertThat(stripe("{\"id\": \"evt_\\ud83d\\ude00\"}")).isEqualTo(new DedupeKey.Key("evt_\ud83d\ude00")); // a pair: an emoji
    }

    @Test
    void bodiesThatAreNotOneUtf8JsonValueAreNotJson() {
        assertThat(stripe("")).isEqualTo(notJson("it is empty"));
        assertThat(stripe(" \n")).isEqualTo(notJson("it is empty"));
        assertThat(stripe("{\"id\":\"evt_1\"} {\"id\":\"evt_2\"}")).isEqualTo(notJson("it holds 2 JSON values, not one"));
        assertThat(stripe("{\"id\":\"evt_1\",\"object\":\"ev")).isEqualTo(notJson("unexpected end at byte 26"));
        assertThat(stripe("{\"id\":\"evt_1\"} trailing")).isEqualTo(notJson("unexpected input at byte 15"));
        // Latin-1 é: a byte UTF-8 does not allow where the parser stopped, named exactly.
        assertThat(stripe("{\"id\":\"évt_1\"}".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(notJson("invalid UTF-8 at byte 7"));
        // In a value the filter skips, too.
        assertThat(stripe(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', 'e', '"', ',', '"', 'x', '"', ':', '"', (byte) 0xC3, 'a', '"', '}'}))
                .isEqualTo(notJson("invalid UTF-8 at byte 15"));
        // The parser would take these for UTF-16 or UTF-32 and read them happily.
        assertThat(stripe("{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_16LE))).isEqualTo(notJson(
                "a zero byte at byte 1 (UTF-16 or UTF-32? JSON must be UTF-8)"));
        assertThat(stripe(new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0})).isEqualTo(notJson("invalid UTF-8 at byte 0"));
        assertThat(stripe("[".repeat(1001) + "]".repeat(1001)))
                .isEqualTo(notJson("it exceeds a parser limit (nesting depth, number or name length)"));
    }

    @Test
    void aUtf8ByteOrderMarkIsAllowed() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = utf8(" {\"id\":\"evt_1\"}");
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(body, 0, withBom, bom.length, body.length);
        assertThat(stripe(withBom)).isEqualTo(new Key("evt_1"));
    }

    @Test
    void complaintsNeverQuoteTheBody() {
        for (String body : List.of("{\"id\":{\"card\":\"4242424242424242\"}}", "{\"id\": sk_live_secret}", "sk_live_secret",
                "{\"id\":\"sk_live_secret\" \"x\"}")) {
            Malformed malformed = (Malformed) stripe(body);
            assertThat(malformed.detail()).as(body).doesNotContain("4242").doesNotContain("sk_live").doesNotContain("card");
        }
    }

    @Test
    void theFirstOfARepeatedKeyCounts() {
        assertThat(stripe("{\"id\":\"evt_first\",\"id\":\"evt_second\"}")).isEqualTo(new Key("evt_first"));
    }

    @Test
    void schemeKeyIsUsedWhenNothingIsConfigured() {
        assertThat(key(HEADERS, JSON, GITHUB, DedupeSpec.DEFAULT)).isEqualTo(new Key("delivery-1"));
        assertThat(key(HEADERS, JSON, GITHUB, null)).isEqualTo(new Key("delivery-1"));
        assertThat(stripe(JSON)).isEqualTo(new Key("evt_9"));
    }

    @Test
    void bodyHashIsTheLastResortWhenNothingNamesAKey() {
        assertThat(key(Map.of(), JSON, NONE, DedupeSpec.DEFAULT)).isEqualTo(new Key("sha256:" + sha256Hex(JSON)));
        assertThat(key(Map.of(), JSON, null, DedupeSpec.DEFAULT)).isEqualTo(new Key("sha256:" + sha256Hex(JSON)));
        // GitHub's delivery header is the scheme's key; a request without it is keyed by its body as before.
        assertThat(key(Map.of(), JSON, GITHUB, DedupeSpec.DEFAULT)).isEqualTo(new Key("sha256:" + sha256Hex(JSON)));
        // The well-known SHA-256 of nothing, as a check independent of any helper.
        assertThat(key(Map.of(), new byte[0], NONE, DedupeSpec.DEFAULT))
                .isEqualTo(new Key("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void keysLongerThan200CharsAreHashed() {
        String exactly200 = "k".repeat(200);
        String longer = "k".repeat(201);
        assertThat(key(Map.of("X-Id", exactly200), JSON, NONE, new DedupeSpec("X-Id", null))).isEqualTo(new Key(exactly200));
        assertThat(key(Map.of("X-Id", longer), JSON, NONE, new DedupeSpec("X-Id", null)))
                .isEqualTo(new Key("sha256:" + sha256Hex(utf8(longer))));
        assertThat(stripe("{\"id\":\"" + longer + "\"}")).isEqualTo(new Key("sha256:" + sha256Hex(utf8(longer))));
    }

    @Test
    void invalidJsonPointerIsAConfigurationError() {
        assertThatThrownBy(() -> key(Map.of(), JSON, NONE, new DedupeSpec(null, "id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON Pointer");
    }

    private static Malformed notJson(String why) {
        return new Malformed(Reason.NOT_JSON, "the body is not JSON: " + why);
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
