package dev.junction.server.sync;

import static dev.junction.server.TestGateways.get;
import static dev.junction.server.TestGateways.postJson;
import static dev.junction.server.sync.SyncEndToEndTest.byEmail;
import static dev.junction.server.sync.SyncEndToEndTest.everywhere;
import static dev.junction.server.sync.SyncEndToEndTest.field;
import static dev.junction.server.sync.SyncEndToEndTest.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review queue through the admin API, over real sockets, with three simulated CRMs: a review made by crossing
 * edits is listed with both sides, decided, the decided value reaches every CRM, the field is released (a later edit
 * flows without review), and a second decision is refused. On SQLite, and once on PostgreSQL.
 */
class SyncReviewEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The decision of docs/sync.md's example whose pick is {@code pick}, as the docs write it. */
    static String documented(String pick) throws Exception {
        String docs = java.nio.file.Files.readString(dev.junction.server.RepoFiles.find("docs/sync.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("(?s)## Deciding a review.*?```json\n(.*?)```").matcher(docs);
        assertThat(block.find()).as("docs/sync.md has the decisions' example").isTrue();
        for (String line : block.group(1).split("\n")) {
            if (JSON.readTree(line).path("pick").asText().equals(pick)) return line;
        }
        throw new AssertionError("docs/sync.md shows no decision with pick " + pick);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /**
     * Makes crossed edits of the review field /company of {@code email}: crm-a's user sets Initech, which reaches crm-c
     * but not crm-b (its API fails meanwhile), then crm-b's user sets Globex on the old value. Returns the review item.
     */
    static JsonNode crossedReview(SyncedCrms s, String email) throws Exception {
        s.crm("crm-a").create(Map.of("email", email, "first_name", "Cy", "company", "Acme"));
        everywhere(s, email, "company", "Acme");
        quiet(s);
        String aId = byEmail(s.crm("crm-a"), email).orElseThrow().path("id").asText();
        String bId = byEmail(s.crm("crm-b"), email).orElseThrow().path("id").asText();
        s.crm("crm-b").habits().failNext(10_000);
        s.crm("crm-a").edit(aId, "company", "Initech");
        await().atMost(SyncEndToEndTest.SETTLE).until(() -> "Initech".equals(field(s.crm("crm-c"), email, "company")));
        s.crm("crm-b").edit(bId, "company", "Globex");
        int port = s.gateway.port();
        await().atMost(SyncEndToEndTest.SETTLE).until(() -> json(get(port, "/api/v1/syncs/contacts/reviews?state=open")).path("items").size() == 1);
        s.crm("crm-b").habits().calm();
        quiet(s);
        return json(get(port, "/api/v1/syncs/contacts/reviews?state=open")).path("items").get(0);
    }

    @Test
    void aReviewIsListedWithBothSidesDecidedForTheProposedValueWrittenEverywhereAndReleased() throws Exception {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            int port = s.gateway.port();
            JsonNode review = crossedReview(s, "cy@example.com");
            assertThat(review.path("key").asText()).isEqualTo("cy@example.com");
            assertThat(review.path("field").asText()).isEqualTo("/company");
            assertThat(review.path("state").asText()).isEqualTo("open");
            assertThat(review.path("agreed")).isEqualTo(JSON.readTree("{\"system\":\"crm-a\",\"value\":\"Initech\"}"));
            assertThat(review.path("proposed").path("value").asText()).isEqualTo("Globex");
            assertThat(review.path("proposed").path("system").asText()).isEqualTo("crm-b");
            assertThat(review.path("proposed").path("at").asText()).isNotEmpty();

            JsonNode sync = json(get(port, "/api/v1/syncs")).path("items").get(0);
            assertThat(sync.path("name").asText()).isEqualTo("contacts");
            assertThat(sync.path("records").asLong()).isEqualTo(1);
            assertThat(sync.path("openReviews").asLong()).isEqualTo(1);
            JsonNode record = json(get(port, "/api/v1/syncs/contacts/records?key=cy@example.com")).path("items").get(0);
            assertThat(record.path("held")).containsExactly(JSON.readTree("\"/company\""));
            assertThat(record.path("agreed").path("/company").path("value").asText()).isEqualTo("Initech");
            for (String system : SyncedCrms.SYSTEMS) {
                assertThat(record.path("systems").path(system).path("id").asText()).as(system)
                        .isEqualTo(byEmail(s.crm(system), "cy@example.com").orElseThrow().path("id").asText());
            }
            assertThat(field(s.crm("crm-b"), "cy@example.com", "company")).as("held: not overwritten").isEqualTo("Globex");
            assertThat(get(port, "/metrics").body()).contains("junction_sync_reviews_open{sync=\"contacts\"} 1.0");

            HttpResponse<String> decided = postJson(port, "/api/v1/syncs/contacts/reviews/" + review.path("id").asText() + "/decision",
                    documented("proposed"));

            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            JsonNode body = json(decided);
            assertThat(body.path("state").asText()).isEqualTo("decided");
            assertThat(body.path("decision").path("pick").asText()).isEqualTo("proposed");
            assertThat(body.path("decision").path("value").asText()).isEqualTo("Globex");
            assertThat(body.path("decision").path("by").asText()).isNotBlank();
            assertThat(body.path("writtenTo")).extracting(JsonNode::asText).containsExactlyInAnyOrder("crm-a", "crm-c");
            everywhere(s, "cy@example.com", "company", "Globex");
            quiet(s);
            JsonNode after = json(get(port, "/api/v1/syncs/contacts/records?key=cy@example.com")).path("items").get(0);
            assertThat(after.path("held")).isEmpty();
            assertThat(after.path("agreed").path("/company").path("value").asText()).isEqualTo("Globex");
            assertThat(json(get(port, "/api/v1/syncs/contacts/reviews?state=decided")).path("items")).hasSize(1);
            assertThat(get(port, "/metrics").body()).contains("junction_sync_reviews_open{sync=\"contacts\"} 0.0");

            // Decided once: a second decision is a 409 problem, and changes nothing.
            HttpResponse<String> again = postJson(port, "/api/v1/syncs/contacts/reviews/" + review.path("id").asText() + "/decision",
                    "{\"pick\": \"agreed\"}");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(again).path("type").asText()).isEqualTo("/problems/review-decided");

            // Released: a later edit of the field flows to every CRM without review.
            String cId = byEmail(s.crm("crm-c"), "cy@example.com").orElseThrow().path("id").asText();
            s.crm("crm-c").edit(cId, "company", "Hooli");
            everywhere(s, "cy@example.com", "company", "Hooli");
            assertThat(json(get(port, "/api/v1/syncs/contacts/reviews?state=open")).path("items")).isEmpty();
            for (String system : SyncedCrms.SYSTEMS) assertThat(s.crm(system).duplicates()).isZero();
        }
    }

    @Test
    void keepingTheAgreedValueWritesItBackToTheSystemThatProposedTheOther() throws Exception {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            JsonNode review = crossedReview(s, "di@example.com");
            HttpResponse<String> decided = postJson(s.gateway.port(), "/api/v1/syncs/contacts/reviews/" + review.path("id").asText() + "/decision",
                    documented("agreed"));
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            assertThat(json(decided).path("writtenTo")).extracting(JsonNode::asText).containsExactly("crm-b");
            everywhere(s, "di@example.com", "company", "Initech");
        }
    }

    @Test
    void badDecisionsAreProblems() throws Exception {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            int port = s.gateway.port();
            JsonNode review = crossedReview(s, "ed@example.com");
            String path = "/api/v1/syncs/contacts/reviews/" + review.path("id").asText() + "/decision";
            assertThat(postJson(port, "/api/v1/syncs/contacts/reviews/rev_nope/decision", "{\"pick\": \"agreed\"}").statusCode()).isEqualTo(404);
            HttpResponse<String> noSync = postJson(port, "/api/v1/syncs/nope/reviews/" + review.path("id").asText() + "/decision", "{\"pick\": \"agreed\"}");
            assertThat(noSync.statusCode()).isEqualTo(404);
            assertThat(json(noSync).path("type").asText()).as("as the reconciliation API says it").isEqualTo("/problems/no-such-sync");
            assertThat(json(noSync).path("detail").asText()).isEqualTo("No sync named 'nope' is configured (syncs: contacts).");
            assertThat(get(port, "/api/v1/syncs/contacts/reviews/rev_nope").statusCode()).isEqualTo(404);
            HttpResponse<String> badPick = postJson(port, path, "{\"pick\": \"mine\"}");
            assertThat(badPick.statusCode()).isEqualTo(400);
            assertThat(json(badPick).path("parameter").asText()).isEqualTo("pick");
            HttpResponse<String> noValue = postJson(port, path, "{\"pick\": \"edited\"}");
            assertThat(noValue.statusCode()).isEqualTo(400);
            assertThat(json(noValue).path("parameter").asText()).isEqualTo("value");
            assertThat(postJson(port, path, "{\"pick\": \"edited\", \"value\": Initech}").statusCode()).as("not JSON").isEqualTo(400);
            assertThat(postJson(port, path, "{\"pick\": \"agreed\", \"value\": \"x\"}").statusCode()).isEqualTo(400);
            assertThat(get(port, "/api/v1/syncs/contacts/reviews?state=maybe").statusCode()).isEqualTo(400);
            assertThat(json(get(port, "/api/v1/syncs/contacts/reviews?state=open")).path("items")).as("nothing decided").hasSize(1);

            // An edited value is any JSON value: it is agreed and written to all three.
            HttpResponse<String> edited = postJson(port, path, documented("edited"));
            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
            everywhere(s, "ed@example.com", "company", "Initech Globex Ltd");
            assertThat(json(edited).path("writtenTo")).hasSize(3);
        }
    }

    @Test
    void onPostgresqlAReviewIsDecidedAndTheValueReachesEveryCrm() throws Exception {
        try (SyncedCrms s = new SyncedCrms(TestDatabases.freshPostgresSchema(), name -> Clock.systemUTC())) {
            JsonNode review = crossedReview(s, "flo@example.com");
            HttpResponse<String> decided = postJson(s.gateway.port(), "/api/v1/syncs/contacts/reviews/" + review.path("id").asText() + "/decision",
                    "{\"pick\": \"edited\", \"value\": \"Umbrella\"}");
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            everywhere(s, "flo@example.com", "company", "Umbrella");
            String aId = byEmail(s.crm("crm-a"), "flo@example.com").orElseThrow().path("id").asText();
            s.crm("crm-a").edit(aId, "company", "Stark");
            everywhere(s, "flo@example.com", "company", "Stark");
            assertThat(json(get(s.gateway.port(), "/api/v1/syncs/contacts/reviews?state=open")).path("items")).isEmpty();
        }
    }
}
