package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.PollSpec;
import dev.junction.store.PollState;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Every item of a JSON listing, read page by page as a poll reads it (same pagination, credentials, rate limit and
 * timeout), but whole and unconditionally, and without a snapshot: for a sync's reconciliation, which compares what a
 * system has with what Junction agreed.
 */
public final class RecordListing {

    /** A page failed: nothing of the listing is used. The message names the page and the status, never a body. */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final PollSpec spec;
    private final ListingReader reader;
    private final Credentials credentials;

    /** @param headers sent with every page (a list request's destination headers), beside the spec's own auth */
    public RecordListing(PollSpec spec, Map<String, String> headers, HttpClient http, Clock clock) {
        this(spec, headers, http, clock, RateLimitWaits.FOR_RECONCILIATION);
    }

    /** @param waits how a page answered 429 or 503 is waited out and asked again (a reconciliation's listing is long) */
    RecordListing(PollSpec spec, Map<String, String> headers, HttpClient http, Clock clock, RateLimitWaits waits) {
        this.spec = spec;
        this.reader = new ListingReader(new PageFetcher(http, new HostLimits(List.of(spec))), clock, headers, waits);
        this.credentials = new Credentials(spec.auth(), http, clock, spec.timeout());
    }

    /** @param beforePage run before each page (a reconciler renews its lease there); false stops the listing */
    public List<JsonNode> all(BooleanSupplier beforePage) throws Failed, InterruptedException {
        return switch (reader.read(spec, PollState.initial("list"), credentials, beforePage)) {
            case Listing.Fetched f -> f.items();
            // Without validators nothing is asked conditionally: a 304 would be the server's own mistake.
            case Listing.NotModified n -> throw new Failed("the listing answered 304 Not Modified to an unconditional request");
            case Listing.Failed f -> throw new Failed(f.error());
        };
    }
}
