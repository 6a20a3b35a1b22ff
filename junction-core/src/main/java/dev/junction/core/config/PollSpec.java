package dev.junction.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A source Junction polls instead of one that calls Junction: a JSON API read on a schedule, whose items
 * are diffed against what the last poll saw.
 *
 * @param url           the first page; {@code {cursor}} is replaced by the stored cursor (URL-encoded), which
 *                      makes the listing incremental (see {@link #incremental()})
 * @param every         the interval between polls, or null when {@code cron} is set
 * @param cron          a Unix cron expression (five fields), or null when {@code every} is set
 * @param auth          how requests authenticate; {@link Auth#NONE} for none
 * @param items         JSON pointer to the array of items in each page ("" for a body that is the array)
 * @param id            JSON pointer to an item's key, within the item
 * @param updated       JSON pointer to an item's last-change value, which the cursor follows; null for none
 * @param initialCursor the cursor of the first poll, before any is stored ("" by default)
 * @param pagination    how the next page is found
 * @param rateLimit     requests per second to the url's host, shared by every source on that host; 0: no limit
 * @param timeout       the budget of one request
 */
public record PollSpec(String url, Duration every, String cron, Auth auth, String items, String id, String updated,
                       String initialCursor, Pagination pagination, int rateLimit, Duration timeout, MassRemoval massRemoval) {

    public static final Duration MIN_EVERY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String CURSOR = "{cursor}";
    /** A listing of more pages than this is refused as a loop (a next link pointing back, a page that never empties). */
    public static final int MAX_PAGES = 1000;

    public PollSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(id, "id");
        if ((every == null) == (cron == null)) throw new IllegalArgumentException("exactly one of every and cron");
        auth = auth == null ? Auth.NONE : auth;
        pagination = pagination == null ? new Pagination.None() : pagination;
        initialCursor = initialCursor == null ? "" : initialCursor;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        massRemoval = massRemoval == null ? MassRemoval.DEFAULT : massRemoval;
    }

    /** With the default guard against mass deletions. */
    public PollSpec(String url, Duration every, String cron, Auth auth, String items, String id, String updated,
                    String initialCursor, Pagination pagination, int rateLimit, Duration timeout) {
        this(url, every, cron, auth, items, id, updated, initialCursor, pagination, rateLimit, timeout, null);
    }

    /**
     * When a full listing is not believed about what it lacks: one that would delete more than {@code share} of the
     * items the last poll knew, and more than {@code minimum} of them, at once (an API that answered an empty or
     * truncated page with 200). Its deletions are withheld, not emitted; creations and updates still are.
     */
    public record MassRemoval(double share, int minimum) {
        public static final MassRemoval DEFAULT = new MassRemoval(0.5, 10);

        public boolean exceeded(int removed, int known) {
            return removed > minimum && removed > share * known;
        }
    }

    /**
     * True when the url filters by the cursor: each poll then sees only what changed since, so an item missing
     * from it says nothing about whether the item still exists, and no {@code item.deleted} is ever inferred.
     */
    public boolean incremental() {
        return url.contains(CURSOR);
    }

    /** How a poll authenticates; secrets are never shown ({@link #toString()}). */
    public sealed interface Auth {
        Auth NONE = new None();

        record None() implements Auth {}

        /** {@code Authorization: Bearer <token>}. */
        record Bearer(String token) implements Auth {
            @Override
            public String toString() { return "Bearer[<redacted>]"; }
        }

        /** OAuth 2.0 client credentials (RFC 6749 §4.4): a token from {@code tokenUrl}, refreshed before it expires. */
        record ClientCredentials(String tokenUrl, String clientId, String clientSecret, String scope) implements Auth {
            @Override
            public String toString() { return "ClientCredentials[" + tokenUrl + ", <redacted>]"; }
        }
    }

    /** How the next page of a listing is found; a listing ends when there is none (or a page is empty). */
    public sealed interface Pagination {
        /** One page. */
        record None() implements Pagination {}

        /** RFC 8288 {@code Link} header with this relation (usually {@code next}). */
        record LinkHeader(String rel) implements Pagination {}

        /** A cursor in the body at {@code pointer}, sent back as query parameter {@code param}. */
        record BodyCursor(String pointer, String param) implements Pagination {}

        /** Query parameter {@code param} counting pages from 1, until a page has no items. */
        record PageNumber(String param) implements Pagination {}
    }
}
