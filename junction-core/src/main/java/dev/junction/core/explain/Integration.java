package dev.junction.core.explain;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.OutboundSpec;
import dev.junction.core.config.SourceSpec;
import java.util.Locale;
import java.util.Set;

/**
 * One integration a config describes, classified by the decision framework: which side starts each exchange
 * ({@link Direction}) and what it guarantees ({@link Guarantee}). A new kind (two-way syncs) is one more record
 * here, with the checks that apply to it in {@link Checklist} and its page in {@link IntegrationPage}.
 */
public sealed interface Integration {

    /** The name in the config (a source's or a destination's), {@code outbound} for the outbound rules. */
    String name();

    /** {@code webhook}, {@code poll}, {@code ical}, {@code http}, {@code amqp}, {@code nats} or {@code outbound}. */
    String kind();

    Direction direction();

    Guarantee guarantee();

    /** Its key in the config, e.g. {@code sources.stripe}. */
    String path();

    /** Schemes that name each event's key themselves; hmac and none only hash the body unless told where it is. */
    Set<String> SCHEMES_WITH_KEYS = Set.of("stripe", "github", "slack", "shopify", "standard-webhooks");

    /** A source that calls {@code POST /in/{name}}. */
    record WebhookSource(SourceSpec spec) implements Integration {
        public String name() { return spec.name(); }

        public String kind() { return "webhook"; }

        public Direction direction() { return Direction.PUSH_IN; }

        /** Effectively-once into the log when each event's key is known; byte-identical copies only, otherwise. */
        public Guarantee guarantee() {
            return namesItsKeys() ? Guarantee.EFFECTIVELY_ONCE : Guarantee.AT_LEAST_ONCE;
        }

        public boolean namesItsKeys() {
            return spec.dedupe().header() != null || spec.dedupe().jsonPointer() != null
                    || SCHEMES_WITH_KEYS.contains(spec.verify().scheme());
        }

        public String path() { return "sources." + spec.name(); }
    }

    /** A JSON API Junction polls. */
    record PolledSource(SourceSpec spec) implements Integration {
        public String name() { return spec.name(); }

        public String kind() { return "poll"; }

        public Direction direction() { return Direction.PULL; }

        /** Each change has a key of its item, content and poll, committed with the cursor in one transaction. */
        public Guarantee guarantee() { return Guarantee.EFFECTIVELY_ONCE; }

        public String path() { return "sources." + spec.name() + ".poll"; }
    }

    /** Rental calendars Junction polls and serves back. */
    record CalendarSource(SourceSpec spec) implements Integration {
        public String name() { return spec.name(); }

        public String kind() { return "ical"; }

        public Direction direction() { return Direction.PULL; }

        public Guarantee guarantee() { return Guarantee.EFFECTIVELY_ONCE; }

        public String path() { return "sources." + spec.name() + ".ical"; }
    }

    /** Where routes deliver: an HTTP receiver or a broker. */
    record Destination(DestinationSpec spec) implements Integration {
        public String name() { return spec.name(); }

        public String kind() { return spec.kind().name().toLowerCase(Locale.ROOT); }

        public Direction direction() { return Direction.PUSH_OUT; }

        /** Retried until acknowledged, so a receiver may see an event twice: it dedupes on {@code webhook-id}. */
        public Guarantee guarantee() { return Guarantee.AT_LEAST_ONCE; }

        public String path() { return "destinations." + spec.name(); }
    }

    /** Webhooks sent to applications' endpoints, which are data in the store; the config holds their rules. */
    record Outbound(OutboundSpec spec) implements Integration {
        public String name() { return "outbound"; }

        public String kind() { return "outbound"; }

        public Direction direction() { return Direction.PUSH_OUT; }

        public Guarantee guarantee() { return Guarantee.AT_LEAST_ONCE; }

        public String path() { return "outbound"; }
    }
}
