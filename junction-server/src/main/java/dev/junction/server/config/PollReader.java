package dev.junction.server.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.junction.core.config.PollSpec;
import dev.junction.core.config.PollSpec.Auth;
import dev.junction.core.config.PollSpec.Pagination;
import dev.junction.server.config.YamlTree.Node;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/** Reads a source's {@code poll:} block into a {@link PollSpec}. */
final class PollReader {

    static final List<String> POLL_KEYS = List.of("url", "every", "cron", "auth", "items", "id", "updated", "initial-cursor",
            "pagination", "rate-limit", "timeout", "mass-removal");
    private static final List<String> MASS_REMOVAL_KEYS = List.of("share", "minimum");
    private static final List<String> AUTH_KEYS = List.of("bearer", "oauth2");
    private static final List<String> OAUTH_KEYS = List.of("token-url", "client-id", "client-secret", "scope");
    private static final List<String> PAGINATION_KEYS = List.of("link-header", "cursor", "param", "page");
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Values values;

    PollReader(Values values) {
        this.values = values;
    }

    PollSpec read(Node node) {
        Section s = new Section(values, node, POLL_KEYS);
        String url = url(s.require("url"), true);
        Node every = s.get("every");
        Node cron = s.get("cron");
        if (every != null && cron != null) throw values.errorAtKey(cron, "set either 'every' or 'cron', not both");
        if (every == null && cron == null) throw values.errorAtKey(s.node(), "missing required key 'every' (e.g. 1m) or 'cron' (e.g. \"*/5 * * * *\")");
        Duration interval = every == null ? null : values.duration(every);
        if (interval != null && interval.compareTo(PollSpec.MIN_EVERY) < 0) throw values.error(every, "must be at least 1s");
        String cronText = cron == null ? null : cron(cron);
        Duration timeout = s.duration("timeout", PollSpec.DEFAULT_TIMEOUT);
        if (url.contains(PollSpec.CURSOR) && !s.has("updated")) {
            // The cursor moves only on the items' 'updated' values: without it every poll would list from the initial
            // cursor again, and, the url being incremental, never tell a deletion.
            throw values.error(s.get("url"), "has {cursor} but the source has no 'updated' to move it (e.g. updated: /updated_at); "
                    + "without {cursor} every poll lists everything and deletions are told");
        }
        return new PollSpec(url, interval, cronText, s.has("auth") ? auth(s.get("auth")) : Auth.NONE,
                values.jsonPointer(s.get("items"), "/results or /data", true), values.jsonPointer(s.require("id"), "/id", false),
                s.has("updated") ? values.jsonPointer(s.get("updated"), "/updated_at", false) : null, s.string("initial-cursor", null),
                s.has("pagination") ? pagination(s.get("pagination")) : new Pagination.None(),
                s.integer("rate-limit", 0, 0, 10_000), timeout, s.has("mass-removal") ? massRemoval(s.get("mass-removal")) : PollSpec.MassRemoval.DEFAULT);
    }

    private PollSpec.MassRemoval massRemoval(Node node) {
        Section m = new Section(values, node, MASS_REMOVAL_KEYS);
        double share = m.decimal("share", PollSpec.MassRemoval.DEFAULT.share());
        if (!(share > 0 && share <= 1)) throw values.error(m.get("share"), "must be more than 0 and at most 1 (a share of the items the last poll listed, e.g. 0.5)");
        return new PollSpec.MassRemoval(share, m.integer("minimum", PollSpec.MassRemoval.DEFAULT.minimum(), 0, 1_000_000));
    }

    private String url(Node node, boolean mayHaveCursor) {
        String text = values.nonBlank(node).strip();
        URI uri;
        try {
            uri = new URI(mayHaveCursor ? text.replace(PollSpec.CURSOR, "cursor") : text);
        } catch (URISyntaxException e) {
            throw values.error(node, "is not a valid URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw values.error(node, "must be an absolute http:// or https:// URL");
        }
        return text;
    }

    private String cron(Node node) {
        String text = values.nonBlank(node).strip();
        try {
            CRON.parse(text).validate();
        } catch (IllegalArgumentException e) {
            throw values.error(node, Values.show(node, text) + " is not a cron expression (five fields: minute hour day month weekday, e.g. \"*/5 * * * *\")");
        }
        return text;
    }

    private Auth auth(Node node) {
        Section s = new Section(values, node, AUTH_KEYS);
        if (s.has("bearer") && s.has("oauth2")) throw values.errorAtKey(s.get("oauth2"), "set either 'bearer' or 'oauth2', not both");
        if (s.has("bearer")) return new Auth.Bearer(values.nonBlank(s.get("bearer")));
        if (!s.has("oauth2")) throw values.errorAtKey(s.node(), "set 'bearer' or 'oauth2' (or remove auth)");
        Section o = new Section(values, s.get("oauth2"), OAUTH_KEYS);
        return new Auth.ClientCredentials(url(o.require("token-url"), false), o.requireString("client-id"),
                o.requireString("client-secret"), o.string("scope", null));
    }

    private Pagination pagination(Node node) {
        Section s = new Section(values, node, PAGINATION_KEYS);
        int styles = (s.has("link-header") ? 1 : 0) + (s.has("cursor") ? 1 : 0) + (s.has("page") ? 1 : 0);
        if (styles != 1) {
            throw values.errorAtKey(s.node(), "set exactly one of { link-header: next }, { cursor: /next_cursor, param: cursor } or { page: page }");
        }
        if (s.has("param") && !s.has("cursor")) throw values.errorAtKey(s.get("param"), "'param' goes with 'cursor' only");
        if (s.has("link-header")) return new Pagination.LinkHeader(s.requireString("link-header"));
        if (s.has("page")) return new Pagination.PageNumber(s.requireString("page"));
        if (!s.has("param")) throw values.errorAtKey(s.get("cursor"), "needs 'param': the query parameter that sends the cursor back");
        return new Pagination.BodyCursor(values.jsonPointer(s.get("cursor"), "/next_cursor", false), s.requireString("param"));
    }
}
