package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.PollSpec;
import dev.junction.core.config.SourceSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source's {@code poll:} block: the issue's shape loads, and each mistake is one line naming where. */
class PollConfigTest {

    static final String ISSUE = """
            store: { url: "sqlite:./data/junction.db" }
            sources:
              crm:
                poll:
                  url: "https://api.example.com/v1/contacts?updated_since={cursor}"
                  every: 1m
                  auth: { bearer: "${CRM_TOKEN}" }
                  items: /results
                  id: /id
                  updated: /updated_at
                  pagination: { link-header: next }
                  rate-limit: 5
            destinations:
              crm-sync: { url: "http://127.0.0.1:9000/contacts" }
            routes:
              - from: crm
                to: [crm-sync]
            """;
    static final Map<String, String> ENV = Map.of("CRM_TOKEN", "tok_secret_value_123");

    private static String error(String yaml) {
        return ConfigErrorsTest.error(yaml, ENV).getMessage();
    }

    private static String with(String from, String to) {
        assertThat(ISSUE).contains(from);
        return ISSUE.replace(from, to);
    }

    @Test
    void theIssuesPollSourceLoads() {
        SourceSpec crm = ConfigLoader.parse(ISSUE, "junction.yaml", ENV).sources().get("crm");

        assertThat(crm.polled()).isTrue();
        assertThat(crm.verify()).isNull();
        PollSpec poll = crm.poll();
        assertThat(poll.url()).isEqualTo("https://api.example.com/v1/contacts?updated_since={cursor}");
        assertThat(poll.incremental()).isTrue();
        assertThat(poll.every()).isEqualTo(Duration.ofMinutes(1));
        assertThat(poll.auth()).isEqualTo(new PollSpec.Auth.Bearer("tok_secret_value_123"));
        assertThat(poll.auth().toString()).doesNotContain("tok_secret");
        assertThat(poll.items()).isEqualTo("/results");
        assertThat(poll.id()).isEqualTo("/id");
        assertThat(poll.updated()).isEqualTo("/updated_at");
        assertThat(poll.pagination()).isEqualTo(new PollSpec.Pagination.LinkHeader("next"));
        assertThat(poll.rateLimit()).isEqualTo(5);
        assertThat(poll.timeout()).isEqualTo(PollSpec.DEFAULT_TIMEOUT);
    }

    @Test
    void cronCursorAndPagePaginationAndOauth2Load() {
        SourceSpec crm = ConfigLoader.parse(with("      every: 1m\n", "      cron: \"*/5 * * * *\"\n")
                .replace("{ link-header: next }", "{ cursor: /next_cursor, param: cursor }")
                .replace("auth: { bearer: \"${CRM_TOKEN}\" }",
                        "auth: { oauth2: { token-url: \"https://auth.example.com/token\", client-id: crm, client-secret: \"${CRM_TOKEN}\" } }"),
                "junction.yaml", ENV).sources().get("crm");

        assertThat(crm.poll().cron()).isEqualTo("*/5 * * * *");
        assertThat(crm.poll().every()).isNull();
        assertThat(crm.poll().pagination()).isEqualTo(new PollSpec.Pagination.BodyCursor("/next_cursor", "cursor"));
        assertThat(crm.poll().auth()).isEqualTo(new PollSpec.Auth.ClientCredentials("https://auth.example.com/token", "crm",
                "tok_secret_value_123", null));
        assertThat(ConfigLoader.parse(with("{ link-header: next }", "{ page: page }"), "junction.yaml", ENV).sources().get("crm")
                .poll().pagination()).isEqualTo(new PollSpec.Pagination.PageNumber("page"));
    }

    @Test
    void eachMistakeIsOneLineWithItsPlace() {
        assertThat(error(with("every: 1m", "every: 500ms"))).isEqualTo("junction.yaml:6:14: sources.crm.poll.every: must be at least 1s");
        assertThat(error(with("      every: 1m\n", ""))).isEqualTo(
                "junction.yaml:4:5: sources.crm.poll: missing required key 'every' (e.g. 1m) or 'cron' (e.g. \"*/5 * * * *\")");
        assertThat(error(with("      every: 1m\n", "      every: 1m\n      cron: \"* * * * *\"\n")))
                .isEqualTo("junction.yaml:7:7: sources.crm.poll.cron: set either 'every' or 'cron', not both");
        assertThat(error(with("      every: 1m\n", "      cron: \"every five\"\n"))).isEqualTo("junction.yaml:6:13: sources.crm.poll.cron: "
                + "\"every five\" is not a cron expression (five fields: minute hour day month weekday, e.g. \"*/5 * * * *\")");
        assertThat(error(with("items: /results", "items: results"))).isEqualTo(
                "junction.yaml:8:14: sources.crm.poll.items: must be a JSON pointer starting with / (e.g. /results or /data)");
        assertThat(error(with("      id: /id\n", ""))).isEqualTo("junction.yaml:4:5: sources.crm.poll: missing required key 'id'");
        assertThat(error(with("{ link-header: next }", "{ cursor: /next }"))).isEqualTo(
                "junction.yaml:11:21: sources.crm.poll.pagination.cursor: needs 'param': the query parameter that sends the cursor back");
        assertThat(error(with("{ link-header: next }", "{ page: page, link-header: next }"))).startsWith(
                "junction.yaml:11:7: sources.crm.poll.pagination: set exactly one of");
        // Found by a probe: accepted, it polled from the initial cursor every time, and never told a deletion.
        assertThat(error(with("      updated: /updated_at\n", ""))).isEqualTo("junction.yaml:5:12: sources.crm.poll.url: has {cursor} but the "
                + "source has no 'updated' to move it (e.g. updated: /updated_at); without {cursor} every poll lists everything and deletions are told");
        assertThat(error(with("https://api.example.com", "ftp://api.example.com"))).isEqualTo(
                "junction.yaml:5:12: sources.crm.poll.url: must be an absolute http:// or https:// URL");
        assertThat(error(with("rate-limit: 5", "rate-limt: 5"))).startsWith(
                "junction.yaml:12:7: sources.crm.poll.rate-limt: unknown key 'rate-limt' (allowed: url, every, cron");
        assertThat(error(with("    poll:\n", "    verify: { scheme: none }\n    poll:\n"))).isEqualTo(
                "junction.yaml:4:5: sources.crm.verify: a source either takes webhooks ('verify') or is polled ('poll'), not both");
    }

    @Test
    void aMissingTokenNamesTheVariableAndNeverAValue() {
        ConfigException e = ConfigErrorsTest.error(ISSUE, Map.of());
        assertThat(e.getMessage()).isEqualTo("junction.yaml:7:23: sources.crm.poll.auth.bearer: environment variable CRM_TOKEN is not set");
        assertThat(error(with("auth: { bearer: \"${CRM_TOKEN}\" }", "auth: { bearer: \"\" }"))).doesNotContain("tok_");
    }

    @Test
    void theMassRemovalGuardIsOnByDefaultAndTunedOrRefusedInOneLine() {
        assertThat(ConfigLoader.parse(ISSUE, "junction.yaml", ENV).sources().get("crm").poll().massRemoval())
                .isEqualTo(PollSpec.MassRemoval.DEFAULT).isEqualTo(new PollSpec.MassRemoval(0.5, 10));
        String tuned = with("      rate-limit: 5\n", "      rate-limit: 5\n      mass-removal: { share: 0.2, minimum: 100 }\n");
        assertThat(ConfigLoader.parse(tuned, "junction.yaml", ENV).sources().get("crm").poll().massRemoval())
                .isEqualTo(new PollSpec.MassRemoval(0.2, 100));

        assertThat(error(with("      rate-limit: 5\n", "      rate-limit: 5\n      mass-removal: { share: 1.5 }\n")))
                .startsWith("junction.yaml:").contains("sources.crm.poll.mass-removal.share").contains("must be more than 0 and at most 1");
    }
}
