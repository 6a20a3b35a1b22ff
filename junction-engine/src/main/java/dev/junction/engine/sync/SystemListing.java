package dev.junction.engine.sync;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.PollSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.engine.poll.RecordListing;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Every record of one system, for a reconciliation, read by the poll sources' own listing code: the system's
 * {@code list} source (its URL, auth, pagination and rate limit), or else its list request on its {@code to}
 * destination (that destination's URL, headers and timeout; a cursor in the body, sent back as a query parameter).
 */
final class SystemListing {

    private SystemListing() {}

    /** The listing of {@code system}, or null when it has neither a list source nor a list request. */
    static RecordListing of(SyncSpec.SystemSpec system, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations,
                            HttpClient http, Clock clock) {
        if (system.list() != null) {
            PollSpec poll = sources.get(system.list()).poll();
            // The records, not a poll's changes: every page from the first, whatever a cursor-filtered url would say.
            return new RecordListing(poll, Map.of(), http, clock);
        }
        SyncSpec.ListRequest list = system.listing();
        if (list == null) return null;
        DestinationSpec to = destinations.get(system.to());
        String base = to.url().toString();
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + list.path();
        PollSpec.Pagination pagination = list.next() == null ? new PollSpec.Pagination.None() : new PollSpec.Pagination.BodyCursor(list.next(), list.param());
        PollSpec spec = new PollSpec(url, Duration.ofHours(1), null, PollSpec.Auth.NONE, list.results(), system.id(), null, null, pagination, 0, to.timeout());
        return new RecordListing(spec, to.headers(), http, clock);
    }
}
