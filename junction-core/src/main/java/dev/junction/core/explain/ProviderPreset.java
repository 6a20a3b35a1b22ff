package dev.junction.core.explain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code junction new} knows of a provider: how it connects (push or pull), how its webhooks are verified and
 * where its secret comes from, and what makes each event unique, each with the reason a config comment gives.
 */
public enum ProviderPreset {
    STRIPE(Direction.PUSH_IN, "stripe", "Stripe signs each event with Stripe-Signature (timestamped HMAC)",
            "the event's own id (evt_...) is the dedupe key, so a resent event is stored once"),
    GITHUB(Direction.PUSH_IN, "github", "GitHub signs each delivery with X-Hub-Signature-256",
            "X-GitHub-Delivery is the dedupe key, so a redelivery is stored once"),
    SLACK(Direction.PUSH_IN, "slack", "Slack signs each request with its v0 signature and a timestamp",
            "the Events API's event_id is the dedupe key, so Slack's retries are stored once"),
    SHOPIFY(Direction.PUSH_IN, "shopify", "Shopify signs each webhook with X-Shopify-Hmac-Sha256",
            "X-Shopify-Event-Id is the dedupe key (else X-Shopify-Webhook-Id), so an event sent again is stored once"),
    AIRBNB(Direction.PULL, null, "Airbnb does not call anyone: its calendar export is polled",
            "each booking's change is keyed by its booking, content and poll, committed in one transaction"),
    BOOKING(Direction.PULL, null, "Booking.com does not call anyone: its calendar export is polled",
            "each booking's change is keyed by its booking, content and poll, committed in one transaction"),
    VRBO(Direction.PULL, null, "VRBO does not call anyone: its calendar export is polled",
            "each booking's change is keyed by its booking, content and poll, committed in one transaction"),
    GENERIC(Direction.PUSH_IN, "hmac", "a generic HMAC-SHA256 of the body in a header",
            "the JSON pointer to each event's id is the dedupe key; without it only byte-identical copies would collapse");

    private final Direction direction;
    private final String scheme;
    private final String verifiedBy;
    private final String keyedBy;

    ProviderPreset(Direction direction, String scheme, String verifiedBy, String keyedBy) {
        this.direction = direction;
        this.scheme = scheme;
        this.verifiedBy = verifiedBy;
        this.keyedBy = keyedBy;
    }

    /** The name used on the command line and as the source's default name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Direction direction() { return direction; }

    /** The verify scheme of a push preset; null for calendars. */
    public String scheme() { return scheme; }

    /** How its events are authenticated, in a sentence. */
    public String verifiedBy() { return verifiedBy; }

    /** What makes each event unique, in a sentence. */
    public String keyedBy() { return keyedBy; }

    /** What the guarantee into the log is: every preset names its events' keys. */
    public Guarantee guarantee() { return Guarantee.EFFECTIVELY_ONCE; }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ProviderPreset::id).toList();
    }

    /** The preset named {@code id}, case-insensitively. */
    public static ProviderPreset of(String id) {
        for (ProviderPreset p : values()) if (p.id().equalsIgnoreCase(id.strip())) return p;
        throw new IllegalArgumentException("unknown preset '" + id + "' (one of: " + String.join(", ", ids()) + ")");
    }
}
