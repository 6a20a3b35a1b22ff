package dev.junction.server.design;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.junction.core.explain.Direction;
import dev.junction.core.explain.DurationText;
import dev.junction.core.explain.ProviderPreset;

/**
 * The config {@code junction new} writes: one integration with safe defaults, a comment on each choice saying why.
 * It is a whole config (a store, the source, a destination, a route, alerts, and for a webhook source a synthetic
 * probe), so {@code junction serve} and {@code junction check} take it as it is, and its parts can be pasted into a
 * larger one.
 */
public final class ConfigFragment {

    private ConfigFragment() {}

    public static String of(Choices c) {
        ProviderPreset p = c.preset();
        String stem = Choices.variable(c.source());
        StringBuilder y = new StringBuilder();
        y.append("# Written by `junction new --preset ").append(p.id()).append("`. Check it with `junction check --config FILE`,\n")
                .append("# explain it with `junction explain --config FILE`. Every ${VAR} is read from the environment.\n")
                .append("store: { url: \"sqlite:${JUNCTION_DATA:-./junction-data}/junction.db\" }\n")
                .append("sources:\n  ").append(c.source()).append(":\n");
        if (p.direction() == Direction.PULL) {
            y.append("    # Pull: ").append(p.verifiedBy()).append(" every 5m (the self-exam's freshness window is 10m).\n")
                    .append("    # Effectively-once: ").append(p.keyedBy()).append(".\n")
                    .append("    ical:\n      every: 5m\n")
                    .append("      # The token of the calendars Junction serves back; a secret, so from the environment.\n")
                    .append("      export-token: \"${ICAL_EXPORT_TOKEN}\"\n")
                    .append("      units:\n        unit-1:\n")
                    .append("          # The channel's export link carries its own secret (?s=, ?t=): the whole URL comes from the environment.\n")
                    .append("          ").append(p.id()).append(": { url: \"${").append(stem).append("_UNIT_1_FEED_URL}\", preset: ")
                    .append(p.id()).append(" }\n");
        } else {
            y.append("    # Push: the provider calls POST /in/").append(c.source()).append("; ").append(p.verifiedBy())
                    .append(", with a secret from the environment, never the file.\n");
            y.append("    verify: { scheme: ").append(p.scheme()).append(", secrets: [\"${").append(stem).append("_WEBHOOK_SECRET}\"]");
            if (p == ProviderPreset.GENERIC) y.append(", header: ").append(quote(c.signatureHeader()));
            y.append(" }\n");
            if (p == ProviderPreset.GENERIC) {
                y.append("    # Effectively-once: ").append(p.keyedBy()).append(".\n")
                        .append("    dedupe: { json-pointer: ").append(quote(c.dedupePointer())).append(" }\n");
            } else {
                y.append("    # Effectively-once: ").append(p.keyedBy()).append(".\n");
            }
            y.append("    # A public endpoint gets a rate limit: a flood is answered 429 (the provider retries later) instead of filling the store.\n")
                    .append("    rate-limit: ").append(c.rateLimit()).append('\n');
        }
        y.append("destinations:\n  ").append(c.destination()).append(":\n")
                .append("    # Where events go; from the environment, as it differs between sandbox and production (use https).\n")
                .append("    url: ").append(quote(c.url())).append('\n')
                .append("    # Deliveries are signed (webhook-signature) so the receiver can tell them from anyone else's requests.\n")
                .append("    secret: \"${").append(Choices.variable(c.destination())).append("_SIGNING_SECRET}\"\n")
                .append("    # At-least-once: an attempt gets ").append(DurationText.of(c.timeout())).append(", well under the route's slo of ")
                .append(DurationText.of(c.slo())).append(", leaving time to retry; the receiver dedupes on webhook-id.\n")
                .append("    timeout: ").append(written(c.timeout())).append('\n')
                .append("    # Transient failures (408, 429, 5xx, timeouts) are retried with exponential backoff and full jitter, ")
                .append(c.attempts()).append(" attempts in all;\n")
                .append("    # permanent ones (other 4xx) are dead at once; what still fails becomes a dead letter to review and replay.\n")
                .append("    retry: { max-attempts: ").append(c.attempts()).append(", initial-delay: 1s, max-delay: 1h }\n")
                .append("routes:\n  - from: ").append(c.source()).append("\n    to: [").append(c.destination()).append("]\n")
                .append("    # How soon an event should arrive: junction check holds the timeout to it.\n")
                .append("    slo: ").append(written(c.slo())).append('\n')
                .append("# Dead letters, breakers opening and disabled destinations are posted here, not only logged.\n")
                .append("alerts: { url: ").append(quote(c.alertsUrl())).append(" }\n");
        if (p.direction() != Direction.PULL) synthetic(y, c);
        return y.toString();
    }

    /** A canary through the source's door, held to the route's slo: a quiet source is told apart from a broken one. */
    private static void synthetic(StringBuilder y, Choices c) {
        java.time.Duration every = c.slo().compareTo(java.time.Duration.ofMinutes(5)) < 0 ? java.time.Duration.ofMinutes(5) : c.slo().multipliedBy(2);
        y.append("# A canary through POST /in/").append(c.source()).append(" every ").append(DurationText.of(every))
                .append(", alerted when it takes longer than the slo to reach ").append(c.destination()).append(";\n")
                .append("# receivers recognise it by its Junction-Synthetic header and answer 2xx without acting on it.\n")
                .append("synthetics:\n  ").append(c.source()).append("-canary: { source: ").append(c.source()).append(", every: ")
                .append(written(every)).append(", sla: ").append(written(c.slo())).append(" }\n");
    }

    /** A duration as the config reads it, in its largest whole unit: {@code 90s}, {@code 2m}, {@code 1500ms}. */
    static String written(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** A YAML double-quoted scalar (JSON's string syntax is YAML's). */
    private static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
