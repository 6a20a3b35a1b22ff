package dev.junction.bench;

import dev.junction.core.verify.StripeSigner;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhooks the benchmark sends: a Stripe {@code payment_intent.succeeded} event of exactly
 * {@link #BODY_BYTES} bytes whose {@code /id} (Stripe's dedupe key) is unique per event, signed with the
 * Stripe scheme.
 */
public final class Payloads {

    static final int BODY_BYTES = 1024;
    static final String STRIPE_SECRET = "whsec_bench_0123456789abcdef0123456789abcdef";
    /** The destination's Standard Webhooks key, so deliveries are signed as in production. */
    static final String DESTINATION_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final int ID_DIGITS = 12;

    private final String tag;
    private final byte[] head;
    private final byte[] tail;

    /** @param tag a short [a-z0-9] tag unique to the phase, part of every event id */
    public Payloads(String tag) {
        this.tag = tag;
        long created = System.currentTimeMillis() / 1000;
        String before = "{\"id\":\"";
        String after = "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":" + created
                + ",\"type\":\"payment_intent.succeeded\",\"livemode\":false,\"pending_webhooks\":1,"
                + "\"request\":{\"id\":\"req_Bench0123456789\",\"idempotency_key\":\"5d1c2f36-bench\"},"
                + "\"data\":{\"object\":{\"id\":\"pi_3Bench0123456789abcdef\",\"object\":\"payment_intent\","
                + "\"amount\":4200,\"amount_received\":4200,\"currency\":\"eur\",\"status\":\"succeeded\","
                + "\"customer\":\"cus_Bench0123456789\",\"payment_method\":\"pm_Bench0123456789\","
                + "\"capture_method\":\"automatic\",\"confirmation_method\":\"automatic\","
                + "\"metadata\":{\"order_id\":\"ord_000000424242\",\"note\":\"";
        String end = "\"}}}}";
        int fixed = before.length() + eventId(0).length() + after.length() + end.length();
        if (fixed > BODY_BYTES) throw new IllegalStateException("payload template is longer than " + BODY_BYTES);
        String padding = "x".repeat(BODY_BYTES - fixed);
        this.head = before.getBytes(StandardCharsets.UTF_8);
        this.tail = (after + padding + end).getBytes(StandardCharsets.UTF_8);
    }

    String eventId(long n) {
        String digits = Long.toString(n);
        return "evt_" + tag + "_" + "0".repeat(Math.max(0, ID_DIGITS - digits.length())) + digits;
    }

    /** The body of event {@code n}: always {@link #BODY_BYTES} bytes (for n below 10^12). */
    byte[] body(long n) {
        byte[] id = eventId(n).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + id.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(id, 0, out, head.length, id.length);
        System.arraycopy(tail, 0, out, head.length + id.length, tail.length);
        return out;
    }

    static String stripeSignature(long timestampSeconds, byte[] body) {
        return StripeSigner.header(STRIPE_SECRET, timestampSeconds, body);
    }

    /** The headers the gateway keeps with a message from the load generator (for the raw-insert rows). */
    static Map<String, String> storedHeaders(byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Stripe-Signature", stripeSignature(System.currentTimeMillis() / 1000, body));
        h.put("User-Agent", "Java-http-client/" + Runtime.version().feature());
        return h;
    }
}
