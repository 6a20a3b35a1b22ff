package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code "v0:" + X-Slack-Request-Timestamp + ":" + body},
 * keyed with the app's signing secret.
 */
final class SlackScheme extends AbstractHmacScheme {

    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    private static final String VERSION = "v0";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final JsonPointer EVENT_ID = JsonPointer.compile("/event_id");
    private static final JsonPointer ENVELOPE_TYPE = JsonPointer.compile("/type");
    private static final JsonPointer EVENT_TYPE = JsonPointer.compile("/event/type");
    private static final String EVENT_CALLBACK = "event_callback";
    private static final String URL_VERIFICATION = "url_verification";
    private static final JsonPointer CHALLENGE = JsonPointer.compile("/challenge");

    SlackScheme(List<String> secrets, Duration tolerance) {
        super("slack", Hmac.SHA256, utf8Keys("slack", secrets), tolerance);
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of(SIGNATURE_HEADER, TIMESTAMP_HEADER);
    }

    @Override
    Extracted extract(WebhookRequest request) {
        Optional<String> signature = header(request, SIGNATURE_HEADER);
        Optional<String> timestamp = header(request, TIMESTAMP_HEADER);
        if (signature.isEmpty() || timestamp.isEmpty()) return reject(Reason.MISSING_SIGNATURE);
        OptionalLong seconds = unixSeconds(timestamp.get());
        String value = signature.get();
        if (seconds.isEmpty()) return malformed("the timestamp header is not unix seconds");
        if (!value.startsWith(VERSION + "=")) return malformed("it does not start with " + VERSION + "=");
        Optional<byte[]> decoded = Hmac.parseHex(value.substring(VERSION.length() + 1));
        if (decoded.isEmpty()) return malformed("the signature after " + VERSION + "= is not hex");
        byte[] prefix = utf8(VERSION + ":" + timestamp.get() + ":");
        return new Signed(List.of(decoded.get()), new byte[][] {prefix, request.body()}, seconds);
    }

    /**
     * Events API callbacks (JSON) carry an {@code event_id} that Slack keeps across its retries; slash
     * commands and interactivity payloads (form-encoded) have no natural id, so the caller's fallback applies.
     */
    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        return isForm(request) ? Optional.empty()
                : Optional.of(JsonBodyKey.read(request.body(), EVENT_ID, "Slack Events API callbacks carry a string event_id at /event_id"));
    }

    /**
     * The inner event's type (e.g. app_mention) of an Events API callback; the envelope's own type is
     * event_callback for every event, so it would tell routes nothing. Other payloads have none.
     */
    @Override
    public Optional<String> eventType(WebhookRequest request) {
        if (isForm(request)) return Optional.empty();
        boolean callback = JsonBodyText.at(request.body(), ENVELOPE_TYPE).filter(EVENT_CALLBACK::equals).isPresent();
        return callback ? JsonBodyText.at(request.body(), EVENT_TYPE) : Optional.empty();
    }

    /**
     * Slack's {@code url_verification}: sent, signed, when a Request URL is saved in the app's settings, and
     * saved only if the answer is its {@code challenge}. It has no event_id, so without this it would be a 400
     * and the URL could never be set.
     */
    @Override
    public Optional<String> handshake(WebhookRequest request) {
        if (isForm(request)) return Optional.empty();
        boolean verification = JsonBodyText.at(request.body(), ENVELOPE_TYPE).filter(URL_VERIFICATION::equals).isPresent();
        return verification ? JsonBodyText.at(request.body(), CHALLENGE) : Optional.empty();
    }

    private static boolean isForm(WebhookRequest request) {
        return request.header("Content-Type").map(type -> type.regionMatches(true, 0, FORM, 0, FORM.length())).orElse(false);
    }
}
