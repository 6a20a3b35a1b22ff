package dev.junction.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.config.VerifySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A synthetic probe's canary event, as its source's provider would send it: a JSON body carrying the probe's marker,
 * its unique id wherever the source reads dedupe keys and its type wherever the source reads types, signed with the
 * source's scheme and (first) secret. The one place that knows where each scheme keeps ids and types for sending;
 * the schemes themselves know it for reading.
 *
 * @param headers the request's headers besides {@code Content-Type} (which is {@value #CONTENT_TYPE})
 */
public record Canary(String id, Map<String, String> headers, byte[] body) {

    public static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The schemes a canary can be signed with: all of them (a polled source has no door, which the caller checks). */
    public static boolean canSign(String scheme) {
        return SignatureSchemes.NAMES.contains(scheme.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Builds probe {@code probe}'s canary {@code id} for webhook source {@code source}, signed as of {@code now}.
     *
     * @throws IllegalArgumentException when the source is polled, or its secret cannot be used (the message omits it)
     */
    public static Canary of(SyntheticSpec probe, SourceSpec source, String id, Instant now) {
        VerifySpec verify = source.verify();
        if (verify == null) throw new IllegalArgumentException("source " + source.name() + " is polled: it has no door for a canary");
        String scheme = verify.scheme().trim().toLowerCase(Locale.ROOT);
        ObjectNode body = payload(probe);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SyntheticSpec.HEADER, probe.name());
        ObjectNode marker = body.putObject(SyntheticSpec.MARKER_FIELD);
        marker.put("probe", probe.name()).put("id", id).put("sent_at", now.toString());
        switch (scheme) {
            case "stripe" -> body.put("id", id).put("type", probe.type()).put("object", "event");
            case "slack" -> {
                body.put("type", "event_callback").put("event_id", id);
                (body.get("event") instanceof ObjectNode e ? e : body.putObject("event")).put("type", probe.type());
            }
            case "github" -> {
                headers.put(GitHubScheme.DELIVERY_HEADER, id);
                headers.put(GitHubScheme.EVENT_HEADER, probe.type());
            }
            case "shopify" -> {
                headers.put(ShopifyScheme.EVENT_ID_HEADER, id);
                headers.put(ShopifyScheme.WEBHOOK_ID_HEADER, id);
                headers.put(ShopifyScheme.TOPIC_HEADER, probe.type());
            }
            case "standard-webhooks" -> {
                headers.put(StandardWebhooksScheme.ID_HEADER, id);
                body.put("type", probe.type());
            }
            default -> body.put("type", probe.type());
        }
        // The source's own places win over the scheme's, as they do when reading (DedupeKeys, EventTypes).
        if (source.dedupe().header() != null) headers.put(source.dedupe().header(), id);
        if (source.dedupe().jsonPointer() != null) put(body, source.dedupe().jsonPointer(), id);
        if (source.eventType().header() != null) headers.put(source.eventType().header(), probe.type());
        if (source.eventType().jsonPointer() != null) put(body, source.eventType().jsonPointer(), probe.type());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        headers.putAll(signature(scheme, verify, id, now.getEpochSecond(), bytes));
        return new Canary(id, Map.copyOf(headers), bytes);
    }

    private static ObjectNode payload(SyntheticSpec probe) {
        if (probe.payload() == null) return JSON.createObjectNode();
        try {
            JsonNode node = JSON.readTree(probe.payload());
            if (node instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalArgumentException("the payload of synthetic " + probe.name() + " is not a JSON object");
    }

    /** The headers signing {@code body}, as the scheme's provider sets them; none for {@code none}. */
    private static Map<String, String> signature(String scheme, VerifySpec verify, String id, long seconds, byte[] body) {
        String secret = verify.secrets().isEmpty() ? null : verify.secrets().getFirst();
        if (!scheme.equals("none") && (secret == null || secret.isBlank())) throw new IllegalArgumentException(scheme + " needs a secret to sign a canary");
        return switch (scheme) {
            case "stripe" -> Map.of(StripeScheme.SIGNATURE_HEADER, StripeSigner.header(secret, seconds, body));
            case "slack" -> Map.of(SlackScheme.TIMESTAMP_HEADER, Long.toString(seconds),
                    SlackScheme.SIGNATURE_HEADER, SlackSigner.signature(secret, seconds, body));
            case "standard-webhooks" -> Map.of(StandardWebhooksScheme.TIMESTAMP_HEADER, Long.toString(seconds),
                    StandardWebhooksScheme.SIGNATURE_HEADER, StandardWebhooksSigner.sign(secret, id, seconds, body));
            case "github" -> Map.of(GitHubScheme.SIGNATURE_HEADER, "sha256=" + Hmac.hex(Hmac.compute(Hmac.SHA256, utf8(secret), body)));
            case "shopify" -> Map.of(ShopifyScheme.SIGNATURE_HEADER,
                    Base64.getEncoder().encodeToString(Hmac.compute(Hmac.SHA256, utf8(secret), body)));
            case "hmac" -> hmac(verify.hmac(), secret, seconds, body);
            case "none" -> Map.of();
            default -> throw new IllegalArgumentException("unknown verify scheme '" + scheme + "'");
        };
    }

    /** The generic scheme: its template filled in ({timestamp} the header's value, {body} the raw bytes), then encoded. */
    private static Map<String, String> hmac(VerifySpec.HmacOptions options, String secret, long seconds, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        String timestamp = Long.toString(seconds);
        if (options.timestampHeader() != null) headers.put(options.timestampHeader(), timestamp);
        List<byte[]> parts = new java.util.ArrayList<>();
        String[] pieces = options.template().split("\\{body}", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) parts.add(body);
            parts.add(utf8(pieces[i].replace("{timestamp}", timestamp)));
        }
        byte[] mac = Hmac.compute(HmacScheme.algorithmOf(options), utf8(secret), parts.toArray(byte[][]::new));
        boolean base64 = options.encoding().equalsIgnoreCase("base64");
        headers.put(options.header(), options.prefix() + (base64 ? Base64.getEncoder().encodeToString(mac) : Hmac.hex(mac)));
        return headers;
    }

    /** Sets {@code pointer} (e.g. /data/id) in {@code root} to {@code value}, making the objects on the way. */
    static void put(ObjectNode root, String pointer, String value) {
        String[] steps = pointer.substring(1).split("/", -1);
        ObjectNode at = root;
        for (int i = 0; i < steps.length - 1; i++) {
            String step = unescape(steps[i]);
            at = at.get(step) instanceof ObjectNode o ? o : at.putObject(step);
        }
        at.put(unescape(steps[steps.length - 1]), value);
    }

    private static String unescape(String step) {
        return step.replace("~1", "/").replace("~0", "~");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The probe a stored message's headers name, when it is a canary. */
    public static Optional<String> probeOf(Map<String, String> headers) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(SyntheticSpec.HEADER)) return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Canary[id=" + id + "]"; // neither the signature nor the body
    }
}
