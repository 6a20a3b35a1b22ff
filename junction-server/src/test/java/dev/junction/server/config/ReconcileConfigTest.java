package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.SyncSpec;
import dev.junction.server.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code reconcile:} and a system's {@code list}: the documented example (docs/sync.md, Reconciliation) loads; mistakes are one line. */
class ReconcileConfigTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");

    static String documented() throws IOException {
        String doc = Files.readString(RepoFiles.find("docs/sync.md"));
        Matcher m = YAML_BLOCK.matcher(doc.substring(doc.indexOf("## Reconciliation")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String error(String yaml) {
        return ConfigErrorsTest.error(yaml, SyncConfigTest.env(yaml)).getMessage();
    }

    private static String with(String yaml, String from, String to) {
        assertThat(yaml).contains(from);
        return yaml.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    @Test
    void theDocumentedReconciliationLoads() throws IOException {
        String yaml = documented();
        SyncSpec contacts = ConfigLoader.parse(yaml, "sync.md", SyncConfigTest.env(yaml)).syncs().get("contacts");

        assertThat(contacts.reconcileEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(contacts.systems().get("crm-a").listing())
                .isEqualTo(new SyncSpec.ListRequest("/contacts?limit=100", "/results", "/next_cursor", "cursor"));
        assertThat(contacts.systems().get("crm-a").list()).isNull();
        assertThat(contacts.systems().get("crm-b").list()).isEqualTo("b-poll");
        assertThat(contacts.systems().get("crm-b").listing()).isNull();
    }

    @Test
    void aListRequestDefaultsToOnePageOfAnAnswerThatIsTheList() throws IOException {
        String yaml = with(documented(), "list: { path: \"/contacts?limit=100\", results: /results, next: /next_cursor, param: cursor }",
                "list: { path: /contacts }");
        SyncSpec contacts = ConfigLoader.parse(yaml, "sync.md", SyncConfigTest.env(yaml)).syncs().get("contacts");

        assertThat(contacts.systems().get("crm-a").listing()).isEqualTo(new SyncSpec.ListRequest("/contacts", "", null, "cursor"));
    }

    @Test
    void eachMistakeIsOneLineSayingWhatAndWhere() throws IOException {
        String yaml = documented();
        assertThat(error(with(yaml, "list: b-poll", "list: a-hooks")))
                .matches("junction.yaml:\\d+:15: syncs.contacts.systems.crm-b.list: source 'a-hooks' must be a polled JSON source.*");
        assertThat(error(with(yaml, "list: b-poll", "list: b-pol")))
                .matches("junction.yaml:\\d+:15: syncs.contacts.systems.crm-b.list: no source named 'b-pol'.*");
        assertThat(error(with(yaml, "list: { path: \"/contacts?limit=100\"", "list: { path: \"contacts\"")))
                .contains("syncs.contacts.systems.crm-a.list.path: must start with /");
        assertThat(error(with(yaml, "next: /next_cursor", "next: next_cursor")))
                .contains("syncs.contacts.systems.crm-a.list.next: must be a JSON pointer starting with /");
        assertThat(error(with(yaml, "next: /next_cursor, param: cursor }", "next: /next_cursor, param: cursor, page: 2 }")))
                .contains("syncs.contacts.systems.crm-a.list.page: unknown key 'page' (allowed: path, results, next, param)");
        assertThat(error(with(yaml, "reconcile: { every: 1h }", "reconcile: { every: 10s }")))
                .matches("junction.yaml:\\d+:25: syncs.contacts.reconcile.every: must be at least 1m.*");
        assertThat(error(with(yaml, "reconcile: { every: 1h }", "reconcile: { each: 1h }")))
                .contains("syncs.contacts.reconcile.each: unknown key 'each'");
    }
}
