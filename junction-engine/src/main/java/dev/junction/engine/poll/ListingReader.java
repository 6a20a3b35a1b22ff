package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.PollSpec.Pagination;
import dev.junction.core.config.PollSpec;
import dev.junction.core.explain.DurationText;
import dev.junction.core.retry.RetryAfter;
import dev.junction.engine.net.BoundedAnswer;
import dev.junction.store.PollState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads every page of a polled listing. The first page is asked conditionally (If-None-Match, If-Modified-Since)
 * when the last poll read the same url; a 304 there means nothing changed. ETag and Last-Modified are kept only
 * for a listing of one page (a later page may change while the first does not); the SHA-256 of all the bodies is
 * kept always, and when it matches the last poll's the listing is not modified either.
 */
final class ListingReader {

    static final ObjectMapper JSON = new ObjectMapper();

    private final PageFetcher fetcher;
    private final Clock clock;
    /** Sent with every page (a sync's list request carries its destination's headers); none for a polled source. */
    private final Map<String, String> headers;

    private final RateLimitWaits waits;

    ListingReader(PageFetcher fetcher, Clock clock) {
        this(fetcher, clock, Map.of(), RateLimitWaits.NONE);
    }

    ListingReader(PageFetcher fetcher, Clock clock, Map<String, String> headers, RateLimitWaits waits) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.headers = Map.copyOf(headers);
        this.waits = waits;
    }

    /** @param beforePage run before each request (the poller renews its lease there); false stops the listing */
    Listing read(PollSpec spec, PollState state, Credentials credentials, java.util.function.BooleanSupplier beforePage) throws InterruptedException {
        URI first = QueryParams.expand(spec.url(), state.cursor() != null ? state.cursor() : spec.initialCursor());
        if (spec.pagination() instanceof Pagination.PageNumber p) first = QueryParams.with(first, p.param(), "1");
        PollState.Validators last = state.validators();
        boolean sameUrl = first.toString().equals(last.url());
        MessageDigest hash = sha256();
        List<JsonNode> items = new ArrayList<>();
        URI uri = first;
        Page page = null;
        int pages = 0;
        int waited = 0; // rate-limit waits on the current page
        // Each page's url, and the last page's digest: an API that points back at a page it already gave (a body cursor
        // answered again, a Link to itself) or that ignores the page number would otherwise be asked 1,000 times a poll.
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        byte[] lastDigest = null;
        while (uri != null) {
            if (pages >= PollSpec.MAX_PAGES) return new Listing.Failed(page.status(), "more than " + PollSpec.MAX_PAGES + " pages", null, pages);
            if (!beforePage.getAsBoolean()) return new Listing.Failed(page == null ? null : page.status(), "lease lost", null, pages);
            try {
                page = fetcher.get(uri, credentials, withHeaders(pages == 0 && sameUrl ? conditional(last) : Map.of()), spec.timeout());
            } catch (HttpTimeoutException e) {
                return new Listing.Failed(null, "page " + (pages + 1) + " timed out after " + DurationText.of(spec.timeout()), null, pages);
            } catch (BoundedAnswer.TooLarge e) {
                return new Listing.Failed(null, "page " + (pages + 1) + ": " + e.getMessage(), null, pages);
            } catch (IOException e) {
                return new Listing.Failed(null, "page " + (pages + 1) + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), null, pages);
            }
            pages++;
            seen.putIfAbsent(uri.toString(), pages);
            if (page.status() == 304 && pages == 1) return new Listing.NotModified(304, 1);
            if (page.status() / 100 != 2) {
                boolean asked = page.status() == 429 || page.status() == 503;
                java.time.Duration retryAfter = asked ? PollSchedule.capped(RetryAfter.parse(page.header("Retry-After"), clock.instant()).orElse(null)) : null;
                java.time.Duration wait = asked ? waits.before(waited + 1, retryAfter) : null;
                if (wait != null) {
                    waits.sleeper().sleep(wait);
                    waited++;
                    pages--;
                    continue;
                }
                return new Listing.Failed(page.status(), "page " + pages + " answered HTTP " + page.status(), retryAfter, pages);
            }
            waited = 0;
            JsonNode body;
            try {
                body = JSON.readTree(page.body());
            } catch (IOException e) {
                return new Listing.Failed(page.status(), "page " + pages + " is not JSON", null, pages);
            }
            JsonNode array = body == null ? null : body.at(spec.items());
            if (array == null || !array.isArray()) {
                return new Listing.Failed(page.status(), "page " + pages + " has no array at '" + spec.items() + "'", null, pages);
            }
            byte[] digest = sha256().digest(page.body());
            if (spec.pagination() instanceof Pagination.PageNumber p && !array.isEmpty() && java.util.Arrays.equals(digest, lastDigest)) {
                return new Listing.Failed(page.status(), "page " + pages + " is page " + (pages - 1) + " again: the API does not seem to read '"
                        + p.param() + "'; not read further", null, pages);
            }
            lastDigest = digest;
            array.forEach(items::add);
            hash.update(page.body());
            uri = next(spec.pagination(), page, body, array.isEmpty(), pages).orElse(null);
            Integer again = uri == null ? null : seen.get(uri.toString());
            if (again != null) {
                return new Listing.Failed(page.status(), "page " + pages + "'s next page is page " + again
                        + " again (the API repeats its cursor or link); not followed", null, pages);
            }
            if (uri != null && !sameHost(first, uri)) {
                // The credentials and headers go with every page: an API's Link may not send them elsewhere.
                return new Listing.Failed(page.status(), "page " + pages + "'s next link leads to another host (" + uri.getHost()
                        + "); not followed", null, pages);
            }
        }
        String bodyHash = HexFormat.of().formatHex(hash.digest());
        // The same bytes as last time hold the same items: nothing to compare.
        if (sameUrl && bodyHash.equals(last.bodyHash())) return new Listing.NotModified(page.status(), pages);
        PollState.Validators validators = new PollState.Validators(first.toString(), pages == 1 ? page.header("ETag") : null,
                pages == 1 ? page.header("Last-Modified") : null, bodyHash);
        return new Listing.Fetched(page.status(), pages, items, validators);
    }

    private Map<String, String> withHeaders(Map<String, String> conditional) {
        if (headers.isEmpty()) return conditional;
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(conditional);
        return all;
    }

    private static Map<String, String> conditional(PollState.Validators v) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (v.etag() != null) headers.put("If-None-Match", v.etag());
        if (v.lastModified() != null) headers.put("If-Modified-Since", v.lastModified());
        return headers;
    }

    /** The same host, and no step down from https to http. */
    private static boolean sameHost(URI first, URI next) {
        boolean downgrade = "https".equalsIgnoreCase(first.getScheme()) && !"https".equalsIgnoreCase(next.getScheme());
        return !downgrade && first.getHost() != null && first.getHost().equalsIgnoreCase(next.getHost());
    }

    private static Optional<URI> next(Pagination pagination, Page page, JsonNode body, boolean empty, int pages) {
        return switch (pagination) {
            case Pagination.None n -> Optional.empty();
            case Pagination.LinkHeader l -> LinkHeader.target(page.header("Link"), l.rel(), page.uri());
            case Pagination.BodyCursor c -> {
                JsonNode cursor = body.at(c.pointer());
                yield cursor.isMissingNode() || cursor.isNull() || cursor.asText().isEmpty() ? Optional.empty()
                        : Optional.of(QueryParams.with(page.uri(), c.param(), cursor.asText()));
            }
            case Pagination.PageNumber p -> empty ? Optional.empty() : Optional.of(QueryParams.with(page.uri(), p.param(), String.valueOf(pages + 1)));
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
