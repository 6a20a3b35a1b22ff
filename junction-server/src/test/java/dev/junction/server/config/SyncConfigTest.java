package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.config.SyncSpec.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.junction.engine.Pipeline;
import dev.junction.server.RepoFiles;
import org.junit.jupiter.api.Test;

/** {@code syncs:}: the documented example loads as docs/sync.md says, and each mistake is one line naming where. */
public class SyncConfigTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    public static String documented() throws IOException {
        Matcher m = YAML_BLOCK.matcher(Files.readString(RepoFiles.find("docs/sync.md")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    public static Map<String, String> env(String yaml) {
        Map<String, String> env = new HashMap<>();
        Matcher m = VARIABLE.matcher(yaml);
        while (m.find()) env.put(m.group(1), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        return env;
    }

    private static String error(String yaml) {
        return ConfigErrorsTest.error(yaml, env(yaml)).getMessage();
    }

    private static String with(String yaml, String from, String to) {
        assertThat(yaml).contains(from);
        return yaml.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    @Test
    void theDocumentedSyncLoadsWithItsRulesAndAddsItsDestinationAndRoutes() throws IOException {
        String yaml = documented();
        JunctionConfig config = ConfigLoader.parse(yaml, "sync.md", env(yaml));

        SyncSpec contacts = config.syncs().get("contacts");
        assertThat(contacts.match()).isEqualTo("/email");
        assertThat(contacts.fields()).containsExactly("/email", "/first_name", "/last_name", "/phone", "/company");
        assertThat(contacts.systems()).containsOnlyKeys("crm-a", "crm-b", "crm-c");
        SyncSpec.SystemSpec a = contacts.systems().get("crm-a");
        assertThat(a).isEqualTo(new SyncSpec.SystemSpec("crm-a", "a-hooks", "a-api", null, "/data", "/id", "/updated_at",
                new SyncSpec.Request("POST", "/contacts", "/id"), new SyncSpec.Request("PATCH", "/contacts/{id}", null),
                new SyncSpec.Lookup("/contacts?email={match}", "/results")));
        assertThat(contacts.systems().get("crm-b").create()).isEqualTo(new SyncSpec.Request("POST", "/contacts", "/id"));
        assertThat(contacts.conflicts().ruleFor("/phone")).isEqualTo(new Rule.Priority(List.of("crm-c", "crm-a", "crm-b")));
        assertThat(contacts.conflicts().ruleFor("/email")).isEqualTo(new Rule.Review());
        assertThat(contacts.conflicts().ruleFor("/company")).isEqualTo(new Rule.LastWriterWins(Duration.ofSeconds(2)));

        assertThat(config.destinations().get("sync:contacts").kind()).isNull();
        assertThat(config.routes()).contains(new RouteSpec("b-hooks", List.of("sync:contacts"), new RouteSpec.Ordering(null, "/data/email", false, true)));
        assertThat(config.destinations().get("a-api").kind()).isEqualTo(DestinationSpec.Kind.HTTP);
    }

    @Test
    void eachMistakeIsOneLineSayingWhatAndWhere() throws IOException {
        String yaml = documented();
        assertThat(error(with(yaml, "fields: [/email, /first_name,", "fields: [/first_name,")))
                .startsWith("junction.yaml:13:13: syncs.contacts.fields: must list the match field '/email' (writes carry only these fields)");
        assertThat(error(with(yaml, "  a-api:", "  \"sync:contacts\":").replace("to: a-api", "to: \"sync:contacts\"")))
                .contains("destinations.sync:contacts: destination name 'sync:contacts' must be letters, digits, '.', '_' and '-'");
        assertThat(error(with(yaml, "from: b-hooks", "from: b-hoks")))
                .isEqualTo("junction.yaml:25:15: syncs.contacts.systems.crm-b.from: no source named 'b-hoks' (known: a-hooks, b-hooks, c-hooks)");
        assertThat(error(with(yaml, "to: c-api", "to: c-apl")))
                .startsWith("junction.yaml:34:13: syncs.contacts.systems.crm-c.to: no destination named 'c-apl'");
        assertThat(error(with(yaml, "match: /email", "match: email")))
                .startsWith("junction.yaml:12:12: syncs.contacts.match: must be a JSON pointer starting with /");
        assertThat(error(with(yaml, "[crm-c, crm-a, crm-b]", "[crm-c, crm-d]")))
                .startsWith("junction.yaml:43:33: syncs.contacts.conflicts.fields./phone[1]: no system named 'crm-d' (known: crm-a, crm-b, crm-c)");
        assertThat(error(with(yaml, "/email: review", "/fax: review")))
                .startsWith("junction.yaml:43:48: syncs.contacts.conflicts.fields./fax: field '/fax' is not synced");
        assertThat(error(with(yaml, "default: last-writer-wins", "default: newest")))
                .startsWith("junction.yaml:41:16: syncs.contacts.conflicts.default: must be last-writer-wins, review or a priority list");
        assertThat(error(with(yaml, "method: PATCH, path: \"/contacts/{id}\"", "method: PATCH, path: \"/contacts\"")))
                .startsWith("junction.yaml:22:40: syncs.contacts.systems.crm-a.update.path: must contain {id}");
        assertThat(error(with(yaml, "from: c-hooks", "from: b-hooks")))
                .contains("syncs.contacts.systems.crm-c.from: source 'b-hooks' already feeds another sync system");
        assertThat(error(with(yaml, "        lookup: { path: \"/contacts?email={match}\", results: /results }\n      crm-b", "      crm-b")))
                .contains("syncs.contacts.systems.crm-a: missing required key 'lookup'");
    }

    @Test
    void aSyncDoesNotLengthenTheDefaultLeaseForItsStepMakesNoRemoteCall() throws IOException {
        String yaml = documented(); // three systems, each API's timeout 5s
        JunctionConfig config = ConfigLoader.parse(yaml, "sync.md", env(yaml));

        assertThat(config.destinations().get("sync:contacts").timeout()).isEqualTo(Duration.ofSeconds(5));
        // A killed node's sync work is taken over after 35 s, as docs/cluster.md says, not 60 s.
        assertThat(Pipeline.defaultLease(config.destinations())).isEqualTo(Duration.ofSeconds(35));
        String slowerB = with(yaml, "Bearer ${CRM_B_TOKEN}\" }, timeout: 5s", "Bearer ${CRM_B_TOKEN}\" }, timeout: 12s");
        assertThat(ConfigLoader.parse(slowerB, "sync.md", env(slowerB)).destinations().get("sync:contacts").timeout()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aTransformOnASystemsApiIsRefusedForTheSyncsWritesWouldNeverRunIt() throws IOException {
        String yaml = with(documented(), "a-api: { url: \"http://127.0.0.1:9101\",",
                "a-api: { url: \"http://127.0.0.1:9101\", transform: '{ \"firstName\": first_name }',");
        assertThat(error(yaml)).isEqualTo("junction.yaml:7:42: destinations.a-api.transform: a-api is the API of system 'crm-a' of sync"
                + " 'contacts': a sync writes the fields it keeps in step as they are, with no mapping per system (every system's records"
                + " use the sync's fields), so this transform would never run; remove it");
        // Also reached by a route: it would apply to one kind of traffic and not the other.
        String routed = yaml + "routes:\n  - { name: a-audit, from: a-hooks, to: [a-api] }\n";
        assertThat(error(routed)).isEqualTo("junction.yaml:7:42: destinations.a-api.transform: a-api is the API of system 'crm-a' of sync"
                + " 'contacts' and a destination of route 'a-audit': this transform would reshape the route's deliveries but never the"
                + " sync's writes, which carry the fields it keeps in step as they are; move it to the route's transform:");
        // On the route itself it is the route's own business.
        String onRoute = documented() + "routes:\n  - { name: a-audit, from: a-hooks, to: [a-api], transform: '{ \"firstName\": data.first_name }' }\n";
        assertThat(ConfigLoader.parse(onRoute, "sync.md", env(onRoute)).routes()).extracting(RouteSpec::name).contains("a-audit");
    }

    /** The docs' example of {@code deletes: propagate}. */
    static String documentedDeletes() throws IOException {
        Matcher m = YAML_BLOCK.matcher(Files.readString(RepoFiles.find("docs/sync.md")));
        while (m.find()) if (m.group(1).contains("deletes: propagate")) return m.group(1);
        throw new AssertionError("docs/sync.md has no deletes: propagate example");
    }

    @Test
    void theDocumentedDeletesLoadAsTheDocsSay() throws IOException {
        String yaml = documentedDeletes();
        SyncSpec contacts = ConfigLoader.parse(yaml, "sync.md", env(yaml)).syncs().get("contacts");

        assertThat(contacts.deletes()).isEqualTo(SyncSpec.Deletes.PROPAGATE);
        SyncSpec.SystemSpec a = contacts.systems().get("crm-a");
        assertThat(a.deleted()).isEqualTo(new SyncSpec.DeleteSignal("/type", List.of("contact.deleted")));
        assertThat(a.delete()).isEqualTo(new SyncSpec.Request("DELETE", "/contacts/{id}", null));
        SyncSpec.SystemSpec b = contacts.systems().get("crm-b");
        assertThat(b.deleted().values()).containsExactly("contact.deleted", "contact.archived");
        assertThat(b.delete()).isEqualTo(new SyncSpec.Request("PATCH", "/contacts/{id}/archive", null));
        // Without deletes: the default restores, and a webhook system says no delete unless told how.
        SyncSpec plain = ConfigLoader.parse(documented(), "sync.md", env(documented())).syncs().get("contacts");
        assertThat(plain.deletes()).isEqualTo(SyncSpec.Deletes.RESTORE);
        assertThat(plain.systems().get("crm-a").deleted()).isNull();
    }

    @Test
    void eachDeleteMistakeIsOneLineSayingWhatAndWhere() throws IOException {
        String yaml = documentedDeletes();
        assertThat(error(with(yaml, "deletes: propagate", "deletes: cascade")))
                .startsWith("junction.yaml:12:14: syncs.contacts.deletes: must be restore or propagate, was \"cascade\"");
        assertThat(error(with(yaml, "        delete: { method: PATCH, path: \"/contacts/{id}/archive\" }\n", "")))
                .startsWith("junction.yaml:27:9: syncs.contacts.systems.crm-b: deletes: propagate needs how to delete a record in system 'crm-b'");
        assertThat(error(with(yaml, "method: PATCH, path: \"/contacts/{id}/archive\"", "method: GET, path: \"/contacts/{id}/archive\"")))
                .startsWith("junction.yaml:36:27: syncs.contacts.systems.crm-b.delete.method: must be one of DELETE, POST, PUT, PATCH, was \"GET\"");
        assertThat(error(with(yaml, "delete: { path: \"/contacts/{id}\" }", "delete: { path: \"/contacts\" }")))
                .contains("syncs.contacts.systems.crm-a.delete.path: must contain {id}");
        assertThat(error(with(yaml, "values: [contact.deleted]", "values: []")))
                .contains("syncs.contacts.systems.crm-a.deleted.values: must list at least one value");
        assertThat(error(with(yaml, "deleted: { pointer: /type,", "deleted: { pointer: type,")))
                .contains("syncs.contacts.systems.crm-a.deleted.pointer: must be a JSON pointer");
    }
}
