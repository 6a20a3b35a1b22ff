package dev.junction.server.demo.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.demo.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated CRM's REST API over a real socket: each endpoint, its errors, auth, and no dedupe of creates. */
class CrmApiTest {

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-30T20:00:00.123Z"));
    private final CrmSimulator sim = CrmSimulator.builder().name("crm-a").idStyle(IdStyle.SALESFORCE).token("t0ken").clock(clock).start();
    private final CrmClient client = new CrmClient(sim, "t0ken");

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void createStoresTheRecordWithAnIdAndUpdatedTimeOfTheSimulatorsChoosing() throws Exception {
        CrmClient.Answer created = client.post("/contacts", "{\"email\":\"ann@example.com\",\"first_name\":\"Ann\",\"phone\":null}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("id").asText()).isEqualTo("003000000000001");
        assertThat(created.body().get("updated_at").asText()).isEqualTo("2026-11-30T20:00:00.123Z");
        assertThat(created.body().get("first_name").asText()).isEqualTo("Ann");
        assertThat(created.body().get("phone").isNull()).isTrue();
        assertThat(sim.get("003000000000001")).hasValueSatisfying(r -> assertThat(r.get("email").asText()).isEqualTo("ann@example.com"));
        assertThat(sim.count(Counted.CREATES)).isEqualTo(1);
    }

    @Test
    void twoCreatesOfTheSameEmailMakeTwoRecordsAndCountAsADuplicate() throws Exception {
        String ann = "{\"email\":\"ann@example.com\",\"first_name\":\"Ann\"}";
        String first = client.post("/contacts", ann).body().get("id").asText();
        String second = client.post("/contacts", ann.replace("ann@", "ANN@")).body().get("id").asText();

        assertThat(first).isNotEqualTo(second);
        assertThat(sim.all()).hasSize(2);
        assertThat(sim.duplicates()).isEqualTo(1);
        assertThat(sim.findByEmail("Ann@Example.com")).extracting(r -> r.get("id").asText()).containsExactly(first, second);
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndBumpsUpdatedTime() throws Exception {
        String id = sim.create(Map.of("email", "bob@example.com", "first_name", "Bob", "company", "Acme")).get("id").asText();
        clock.advance(Duration.ofSeconds(5));

        CrmClient.Answer patched = client.patch("/contacts/" + id, "{\"company\":\"Initech\"}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("company").asText()).isEqualTo("Initech");
        assertThat(patched.body().get("first_name").asText()).isEqualTo("Bob");
        assertThat(patched.body().get("updated_at").asText()).isEqualTo("2026-11-30T20:00:05.123Z");
        assertThat(client.get("/contacts/" + id).body()).isEqualTo(patched.body());
    }

    @Test
    void aUserEditOfSeveralFieldsIsOneChange() {
        String id = sim.create(Map.of("email", "bob@example.com", "first_name", "Bob")).get("id").asText();
        clock.advance(Duration.ofMillis(7));

        ObjectNode edited = sim.edit(id, Map.of("first_name", "Robert", "company", "Initech"));
        sim.edit(id, "phone", null);

        assertThat(edited.get("first_name").asText()).isEqualTo("Robert");
        assertThat(edited.get("updated_at").asText()).isEqualTo("2026-11-30T20:00:00.130Z");
        assertThat(sim.get(id).orElseThrow().get("phone").isNull()).isTrue();
        assertThatThrownBy(() -> sim.edit("crm_nope", "phone", "1")).hasMessageContaining("no contact with id 'crm_nope'");
    }

    @Test
    void unknownIdsAreAnswered404ProblemJson() throws Exception {
        CrmClient.Answer read = client.get("/contacts/003nope");
        CrmClient.Answer patched = client.patch("/contacts/003nope", "{\"company\":\"X\"}");

        assertThat(read.status()).isEqualTo(404);
        assertThat(patched.status()).isEqualTo(404);
        assertThat(read.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(read.body().get("detail").asText()).contains("003nope");
        assertThat(sim.all()).isEmpty();
    }

    @Test
    void searchByEmailFindsEveryRecordWithIt() throws Exception {
        sim.create(Map.of("email", "ann@example.com"));
        sim.create(Map.of("email", "bob@example.com"));
        sim.create(Map.of("email", "ann@example.com"));

        CrmClient.Answer found = client.get("/contacts?email=ann%40example.com");
        CrmClient.Answer none = client.get("/contacts?email=zoe%40example.com");

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("results")).extracting(r -> r.get("id").asText()).containsExactly("003000000000001", "003000000000003");
        assertThat(none.body().get("results")).isEmpty();
        assertThat(sim.count(Counted.LOOKUPS)).isEqualTo(2);
    }

    @Test
    void pagesWalkEveryRecordOnceInCreationOrderEvenWhileRecordsAreAdded() throws Exception {
        for (int i = 1; i <= 7; i++) sim.create(Map.of("email", "p" + i + "@example.com"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = client.get("/contacts?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.get("results").forEach(r -> seen.add(r.get("email").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            if (++pages == 1) sim.create(Map.of("email", "p8@example.com"));
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("p1@example.com", "p2@example.com", "p3@example.com", "p4@example.com",
                "p5@example.com", "p6@example.com", "p7@example.com", "p8@example.com");
        assertThat(sim.count(Counted.LISTS)).isEqualTo(3);
    }

    @Test
    void aDeletedRecordIsGoneEverywhereWithoutAWebhookAndPagesStayValid() throws Exception {
        for (int i = 1; i <= 5; i++) sim.create(Map.of("email", "d" + i + "@example.com"));
        JsonNode first = client.get("/contacts?limit=2").body();
        String gone = sim.findByEmail("d3@example.com").get(0).get("id").asText();

        assertThat(sim.delete(gone)).isTrue();
        assertThat(sim.delete(gone)).isFalse();

        JsonNode rest = client.get("/contacts?limit=10&cursor=" + first.get("next_cursor").asText()).body();
        assertThat(rest.get("results")).extracting(r -> r.get("email").asText()).containsExactly("d4@example.com", "d5@example.com");
        assertThat(client.get("/contacts/" + gone).status()).isEqualTo(404);
        assertThat(sim.findByEmail("d3@example.com")).isEmpty();
        assertThat(sim.all()).hasSize(4);
        assertThat(sim.create(Map.of("email", "d6@example.com")).get("id").asText()).as("ids are never reused").isEqualTo("003000000000006");
    }

    @Test
    void searchByEmailFollowsAnEmailChangedByAnEditAndKeepsCreationOrder() throws Exception {
        String first = sim.create(Map.of("email", "old@example.com", "first_name", "First")).get("id").asText();
        String second = sim.create(Map.of("email", "new@example.com", "first_name", "Second")).get("id").asText();

        client.patch("/contacts/" + first, "{\"email\":\"NEW@example.com\"}");

        assertThat(sim.findByEmail("old@example.com")).isEmpty();
        assertThat(client.get("/contacts?email=old@example.com").body().get("results")).isEmpty();
        assertThat(client.get("/contacts?email=new@example.com").body().get("results")).extracting(r -> r.get("id").asText())
                .as("the record created first comes first, whenever its email changed").containsExactly(first, second);
        assertThat(sim.duplicates()).isEqualTo(1);
        sim.delete(first);
        assertThat(sim.findByEmail("new@example.com")).extracting(r -> r.get("id").asText()).containsExactly(second);
    }

    @Test
    void badInputIsAnswered400ProblemJsonAndStoresNothing() throws Exception {
        assertThat(client.post("/contacts", "not json").status()).isEqualTo(400);
        assertThat(client.post("/contacts", "[1]").status()).isEqualTo(400);
        CrmClient.Answer withId = client.post("/contacts", "{\"id\":\"x\",\"email\":\"a@b.c\"}");
        assertThat(withId.status()).isEqualTo(400);
        assertThat(withId.body().get("detail").asText()).contains("'id' is set by the CRM");
        assertThat(client.post("/contacts", "{\"email\":{\"nested\":true}}").status()).isEqualTo(400);
        assertThat(client.get("/contacts?limit=0").body().get("detail").asText()).contains("limit must be a whole number from 1 to 1000");
        assertThat(client.get("/contacts?cursor=bogus").status()).isEqualTo(400);
        assertThat(sim.all()).isEmpty();
    }

    @Test
    void aRequestWithoutTheBearerTokenIsAnswered401() throws Exception {
        CrmClient stranger = new CrmClient(sim, null);
        CrmClient wrong = new CrmClient(sim, "guess");

        CrmClient.Answer none = stranger.post("/contacts", "{\"email\":\"a@b.c\"}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrong.get("/contacts").status()).isEqualTo(401);
        String id = sim.create(Map.of("email", "ann@example.com")).get("id").asText();
        assertThat(stranger.get("/contacts/" + id).status()).isEqualTo(401);
        assertThat(stranger.patch("/contacts/" + id, "{\"company\":\"X\"}").status()).isEqualTo(401);
        assertThat(sim.get(id).orElseThrow().has("company")).isFalse();
        assertThat(sim.count(Counted.UNAUTHORIZED)).isEqualTo(4);
    }

    @Test
    void eachSystemSpellsItsIdsItsOwnWay() {
        assertThat(IdStyle.SALESFORCE.id(63)).isEqualTo("003000000000011");
        assertThat(IdStyle.NUMERIC.id(1)).isEqualTo("51000001");
        assertThat(IdStyle.PREFIXED.id(42)).isEqualTo("crm_000042");
    }
}
