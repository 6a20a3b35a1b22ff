package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.config.SyncSpec.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sync step driven change by change, with explicit times: no store, no clock, no socket. */
class SyncStepTest {

    static final Instant T0 = Instant.parse("2026-11-30T20:00:00Z");

    static SyncSpec spec(Map<String, Rule> fieldRules) {
        Map<String, SyncSpec.SystemSpec> systems = new LinkedHashMap<>();
        for (String name : List.of("crm-a", "crm-b", "crm-c")) {
            systems.put(name, new SyncSpec.SystemSpec(name, name + "-hooks", name + "-api", null, "/data", "/id", "/updated_at",
                    new SyncSpec.Request("POST", "/contacts", "/id"), new SyncSpec.Request("PATCH", "/contacts/{id}", null),
                    new SyncSpec.Lookup("/contacts?email={match}", "/results")));
        }
        return new SyncSpec("contacts", "/email", List.of("/email", "/first_name", "/phone"), systems,
                new SyncSpec.Conflicts(new Rule.LastWriterWins(Duration.ofSeconds(2)), fieldRules));
    }

    static Map<String, JsonNode> fields(String... pairs) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], TextNode.valueOf(pairs[i + 1]));
        return m;
    }

    static Change change(String system, Instant updated, String... pairs) {
        return new Change(system, system + "-id", updated, fields(pairs));
    }

    final SyncStep step = new SyncStep(spec(Map.of("/phone", new Rule.Priority(List.of("crm-c", "crm-a", "crm-b")), "/email", new Rule.Review())));
    final SyncStep lww = new SyncStep(spec(Map.of()));

    /** Ann, created in crm-a and copied to crm-b and crm-c, whose copies have echoed back. */
    SyncRecord everywhere(SyncStep s) {
        SyncRecord r = s.apply(SyncRecord.NEW, change("crm-a", T0, "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0).next();
        r = s.apply(r, change("crm-b", T0.plusSeconds(1), "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0).next();
        return s.apply(r, change("crm-c", T0.plusSeconds(1), "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0).next();
    }

    @Test
    void aNewRecordIsAgreedAndWrittenWholeToEveryOtherSystem() {
        SyncStep.Result r = step.apply(SyncRecord.NEW, change("crm-a", T0, "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0);

        assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(r.next().agreed().get("/phone")).isEqualTo(new FieldValue(TextNode.valueOf("1"), "crm-a", T0));
        assertThat(r.writes()).containsOnlyKeys("crm-b", "crm-c");
        assertThat(r.writes().get("crm-b")).isEqualTo(fields("/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"));
    }

    @Test
    void junctionsOwnWritesComingBackAreEchoesAndWriteNothing() {
        SyncRecord r = step.apply(SyncRecord.NEW, change("crm-a", T0, "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0).next();

        SyncStep.Result echo = step.apply(r, change("crm-b", T0.plusSeconds(1), "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0);

        assertThat(echo.outcome()).isEqualTo(Outcome.ECHO);
        assertThat(echo.writes()).isEmpty();
        assertThat(echo.next().copy("crm-b").pending()).isEmpty();
        assertThat(echo.next().agreed()).isEqualTo(r.agreed());
        // The same message again (a webhook retried) is no edit either.
        assertThat(step.apply(echo.next(), change("crm-b", T0.plusSeconds(1), "/phone", "1"), T0).outcome()).isEqualTo(Outcome.ECHO);
    }

    @Test
    void aSystemGivingBackANumberForTheStringWrittenOrEmptyForNullEchoesAndIsWrittenNothingMore() {
        SyncRecord r = step.apply(SyncRecord.NEW, new Change("crm-a", "crm-a-id", T0, Map.of("/email", TextNode.valueOf("ann@example.com"),
                "/phone", TextNode.valueOf("5"), "/first_name", com.fasterxml.jackson.databind.node.NullNode.getInstance())), T0).next();

        // crm-b stores the phone as a number and null as "": its webhook is the echo of Junction's write.
        SyncStep.Result echo = step.apply(r, new Change("crm-b", "crm-b-id", T0.plusSeconds(1), Map.of("/email", TextNode.valueOf("ann@example.com"),
                "/phone", com.fasterxml.jackson.databind.node.IntNode.valueOf(5), "/first_name", TextNode.valueOf(""))), T0);

        assertThat(echo.outcome()).isEqualTo(Outcome.ECHO);
        assertThat(echo.writes()).isEmpty();
        assertThat(echo.next().copy("crm-b").pending()).isEmpty();
        assertThat(echo.next().agreed()).isEqualTo(r.agreed());
        // The same webhook again: no edit, nothing written, even though crm-b's copy shows 5 where "5" is agreed.
        SyncStep.Result again = step.apply(echo.next(), new Change("crm-b", "crm-b-id", T0.plusSeconds(1),
                Map.of("/phone", com.fasterxml.jackson.databind.node.IntNode.valueOf(5))), T0);
        assertThat(again.outcome()).isEqualTo(Outcome.ECHO);
        assertThat(again.writes()).isEmpty();
    }

    @Test
    void anEditOnAnAgreedBaseTakesOverAndIsWrittenToTheOthersOnly() {
        SyncRecord r = everywhere(step);

        SyncStep.Result edit = step.apply(r, change("crm-b", T0.plusSeconds(10), "/first_name", "Anna"), T0);

        assertThat(edit.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(edit.next().agreed().get("/first_name").value().asText()).isEqualTo("Anna");
        assertThat(edit.writes()).isEqualTo(Map.of("crm-a", fields("/first_name", "Anna"), "crm-c", fields("/first_name", "Anna")));
    }

    @Test
    void crossedEditsUnderLastWriterWinsKeepTheLaterAndTolerateSkew() {
        SyncRecord r = everywhere(lww);
        SyncRecord afterB = lww.apply(r, change("crm-b", T0.plusSeconds(10), "/first_name", "Anna"), T0).next();

        // crm-a edited before Junction's write of "Anna" reached it: its base is still "Ann". 5 s older than crm-b's edit: it loses.
        SyncStep.Result older = lww.apply(afterB, change("crm-a", T0.plusSeconds(5), "/first_name", "Annie"), T0);
        assertThat(older.outcome()).isEqualTo(Outcome.STALE);
        assertThat(older.next().agreed().get("/first_name").value().asText()).isEqualTo("Anna");
        assertThat(older.writes()).as("the write of Anna to crm-a is already on its way").isEmpty();

        // 1 s older is within the 2 s skew: clocks cannot tell, so the edit heard last wins.
        SyncStep.Result withinSkew = lww.apply(afterB, change("crm-a", T0.plusSeconds(9), "/first_name", "Annie"), T0);
        assertThat(withinSkew.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(withinSkew.next().agreed().get("/first_name")).isEqualTo(new FieldValue(TextNode.valueOf("Annie"), "crm-a", T0.plusSeconds(9)));
        assertThat(withinSkew.writes()).containsOnlyKeys("crm-b", "crm-c");
    }

    @Test
    void aLosingSystemIsWrittenTheAgreedValueWhenNoWriteIsOnItsWay() {
        SyncRecord r = everywhere(lww);
        SyncRecord afterB = lww.apply(r, change("crm-b", T0.plusSeconds(10), "/first_name", "Anna"), T0).next();
        // crm-a's copy got Junction's "Anna"... then overwritten by crm-a's own older edit arriving late.
        SyncRecord echoed = lww.apply(afterB, change("crm-a", T0.plusSeconds(11), "/first_name", "Anna"), T0).next();
        SyncStep.Result late = lww.apply(echoed, change("crm-a", T0.plusSeconds(12), "/first_name", "Annie"), T0);

        // Based on "Anna" (the agreed value): not crossed, it applies.
        assertThat(late.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(late.writes()).containsOnlyKeys("crm-b", "crm-c");
    }

    @Test
    void aPriorityListSettlesCrossedEditsBySystem() {
        SyncRecord r = everywhere(step);
        SyncRecord fromA = step.apply(r, change("crm-a", T0.plusSeconds(10), "/phone", "2"), T0).next();

        // crm-b, base "1", ranks after crm-a: the agreed "2" stays, however late crm-b's edit.
        SyncStep.Result b = step.apply(fromA, change("crm-b", T0.plusSeconds(60), "/phone", "3"), T0);
        assertThat(b.outcome()).isEqualTo(Outcome.STALE);
        assertThat(b.next().agreed().get("/phone").value().asText()).isEqualTo("2");

        // crm-c ranks first: its crossed edit wins even though it is older.
        SyncStep.Result c = step.apply(fromA, change("crm-c", T0.plusSeconds(5), "/phone", "4"), T0);
        assertThat(c.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(c.writes()).containsOnlyKeys("crm-a", "crm-b");
        assertThat(c.writes().get("crm-a")).isEqualTo(fields("/phone", "4"));
    }

    @Test
    void aReviewFieldIsHeldAndQueuedNotWritten() {
        SyncRecord r = everywhere(step);
        SyncRecord fromA = step.apply(r, change("crm-a", T0.plusSeconds(10), "/email", "ann@new.example"), T0).next();
        assertThat(fromA.agreed().get("/email").value().asText()).as("an uncrossed edit needs no review").isEqualTo("ann@new.example");

        SyncStep.Result crossed = step.apply(fromA, change("crm-b", T0.plusSeconds(11), "/email", "ann@other.example", "/first_name", "Anne"), T0);

        assertThat(crossed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(crossed.proposals()).containsExactly(new SyncStep.Proposal("/email", TextNode.valueOf("ann@new.example"),
                "crm-a", TextNode.valueOf("ann@other.example"), "crm-b"));
        assertThat(crossed.next().held()).containsExactly("/email");
        assertThat(crossed.next().agreed().get("/email").value().asText()).isEqualTo("ann@new.example");
        assertThat(crossed.writes().values()).allSatisfy(w -> assertThat(w).doesNotContainKey("/email"));
        // While held, even an uncrossed edit of the field waits for the person.
        SyncStep.Result again = step.apply(crossed.next(), change("crm-c", T0.plusSeconds(12), "/email", "ann@third.example"), T0);
        assertThat(again.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(again.writes()).isEmpty();
    }

    @Test
    void aDecisionForTheProposedValueIsAgreedReleasedAndWrittenToEverySystemThatLacksIt() {
        SyncRecord r = step.apply(everywhere(step), change("crm-a", T0.plusSeconds(10), "/phone", "2"), T0).next();
        r = step.apply(r, change("crm-a", T0.plusSeconds(11), "/email", "ann@new.example"), T0).next();
        SyncRecord held = step.apply(r, change("crm-b", T0.plusSeconds(12), "/email", "ann@other.example"), T0).next();
        assertThat(held.held()).containsExactly("/email");

        SyncStep.Result decided = step.decide(held, "/email", new FieldValue(TextNode.valueOf("ann@other.example"), "crm-b", T0.plusSeconds(60)));

        assertThat(decided.next().held()).isEmpty();
        assertThat(decided.next().agreed().get("/email").value().asText()).isEqualTo("ann@other.example");
        // crm-b proposed it (its copy has it); crm-a's user wrote another value; crm-c still has the old one.
        assertThat(decided.writes()).containsOnlyKeys("crm-a", "crm-c");
        assertThat(decided.writes().get("crm-a")).isEqualTo(fields("/email", "ann@other.example"));
        assertThat(decided.writes().get("crm-c")).as("only what crm-c lacks: its phone is on its way already").isEqualTo(fields("/email", "ann@other.example"));
        assertThat(decided.next().copy("crm-c").pending().get("/email")).endsWith(TextNode.valueOf("ann@other.example"));

        // Released: crm-c's echo is no edit, and a later uncrossed edit takes over again without review.
        SyncRecord echoed = step.apply(decided.next(), change("crm-c", T0.plusSeconds(70), "/email", "ann@other.example"), T0).next();
        SyncStep.Result later = step.apply(echoed, change("crm-c", T0.plusSeconds(80), "/email", "ann@later.example"), T0);
        assertThat(later.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(later.proposals()).isEmpty();
        assertThat(later.writes()).containsOnlyKeys("crm-a", "crm-b");
    }

    @Test
    void aDecisionToKeepTheAgreedValueWritesItBackToTheSystemThatProposedTheOther() {
        SyncRecord r = step.apply(everywhere(step), change("crm-a", T0.plusSeconds(10), "/email", "ann@new.example"), T0).next();
        SyncRecord held = step.apply(r, change("crm-b", T0.plusSeconds(11), "/email", "ann@other.example"), T0).next();

        SyncStep.Result kept = step.decide(held, "/email", null);

        assertThat(kept.next().agreed().get("/email")).isEqualTo(held.agreed().get("/email"));
        assertThat(kept.next().held()).isEmpty();
        // crm-b and crm-c had "ann@new.example" pending (neither echoed it), planned before the hold and so maybe sent
        // without it: written again. crm-a, whose user set it, is not.
        assertThat(held.copy("crm-b").lastPending("/email")).isEqualTo(TextNode.valueOf("ann@new.example"));
        assertThat(kept.writes()).containsOnlyKeys("crm-b", "crm-c");
        assertThat(kept.writes().get("crm-b")).isEqualTo(fields("/email", "ann@new.example"));
    }

    @Test
    void aChangeOlderThanWhatItsSystemSentBeforeIsStale() {
        SyncRecord r = everywhere(lww);
        SyncRecord edited = lww.apply(r, change("crm-b", T0.plusSeconds(10), "/first_name", "Anna"), T0).next();

        SyncStep.Result late = lww.apply(edited, change("crm-b", T0.plusSeconds(3), "/first_name", "Old"), T0);

        assertThat(late.outcome()).isEqualTo(Outcome.STALE);
        assertThat(late.next()).isEqualTo(edited);
        assertThat(late.writes()).isEmpty();
    }

    @Test
    void anOverwrittenPendingWriteIsSentAgainOnceItsEchoShowsTheLoss() {
        SyncRecord r = everywhere(lww);
        // Junction writes "Anna" (from crm-b) to crm-a; meanwhile crm-a's own later edit "Annie" wins and is written to crm-a too.
        SyncRecord afterB = lww.apply(r, change("crm-b", T0.plusSeconds(10), "/first_name", "Anna"), T0).next();
        SyncStep.Result a = lww.apply(afterB, change("crm-a", T0.plusSeconds(20), "/first_name", "Annie"), T0);
        assertThat(a.next().copy("crm-a").pending().get("/first_name")).containsExactly(TextNode.valueOf("Anna"));

        // Then the late write of "Anna" lands at crm-a and echoes: crm-a now holds "Anna", so "Annie" goes to it again.
        SyncStep.Result echo = lww.apply(a.next(), change("crm-a", T0.plusSeconds(21), "/first_name", "Anna"), T0);

        assertThat(echo.outcome()).isEqualTo(Outcome.ECHO);
        assertThat(echo.writes()).isEqualTo(Map.of("crm-a", fields("/first_name", "Annie")));
    }

    @Test
    void theRecordSurvivesItsStoredForm() {
        SyncRecord r = step.apply(everywhere(step), change("crm-b", T0.plusSeconds(11), "/email", "x@example.com", "/phone", "9"), T0).next();

        assertThat(SyncRecordJson.read(SyncRecordJson.write(r))).isEqualTo(r);
    }

    static SyncSpec propagating() {
        SyncSpec s = spec(Map.of());
        Map<String, SyncSpec.SystemSpec> systems = new LinkedHashMap<>();
        s.systems().forEach((name, x) -> systems.put(name, new SyncSpec.SystemSpec(name, x.from(), x.to(), x.list(), x.record(), x.id(), x.updated(),
                x.create(), x.update(), x.lookup(), x.listing(), null, new SyncSpec.Request("DELETE", "/contacts/{id}", null))));
        return new SyncSpec(s.name(), s.match(), s.fields(), systems, s.conflicts(), null, SyncSpec.Deletes.PROPAGATE);
    }

    @Test
    void underPropagateADeleteMakesATombstoneAndSendsADeleteToEveryOtherSystem() {
        SyncStep propagate = new SyncStep(propagating());
        SyncStep.Result r = propagate.delete(everywhere(propagate), new Change("crm-b", "crm-b-id", T0.plusSeconds(5), Map.of()), T0.plusSeconds(9));

        assertThat(r.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(r.deletes()).containsExactly("crm-a", "crm-c");
        assertThat(r.writes()).isEmpty();
        assertThat(r.next().isDeleted()).isTrue();
        // When Junction heard it: a delete message often carries the record's last edit time, not the delete's.
        assertThat(r.next().deleted()).isEqualTo(new SyncRecord.Deletion("crm-b", T0.plusSeconds(9)));
        assertThat(r.next().agreed()).as("a tombstone keeps no values").isEmpty();
        assertThat(SyncRecordJson.read(SyncRecordJson.write(r.next()))).isEqualTo(r.next());
    }

    @Test
    void theOtherSystemsDeletesOfATombstoneAreEchoesAndSendNothing() {
        SyncStep propagate = new SyncStep(propagating());
        SyncRecord tombstone = propagate.delete(everywhere(propagate), new Change("crm-b", "crm-b-id", T0.plusSeconds(5), Map.of()), T0).next();

        SyncStep.Result echo = propagate.delete(tombstone, new Change("crm-a", "crm-a-id", T0.plusSeconds(6), Map.of()), T0);

        assertThat(echo.outcome()).isEqualTo(Outcome.ECHO);
        assertThat(echo.deletes()).isEmpty();
        assertThat(echo.next()).isEqualTo(tombstone);
    }

    @Test
    void aDeleteStampedBeforeTheSystemsLastChangeIsStale() {
        SyncStep propagate = new SyncStep(propagating());
        SyncRecord r = propagate.apply(everywhere(propagate), change("crm-b", T0.plusSeconds(30), "/first_name", "Annie"), T0).next();

        SyncStep.Result late = propagate.delete(r, new Change("crm-b", "crm-b-id", T0.plusSeconds(10), Map.of()), T0);

        assertThat(late.outcome()).isEqualTo(Outcome.STALE);
        assertThat(late.next().isDeleted()).isFalse();
        assertThat(late.deletes()).isEmpty();
    }

    @Test
    void byDefaultADeleteRestoresTheRecordInThatSystemFromEveryAgreedValue() {
        SyncStep.Result r = lww.delete(everywhere(lww), new Change("crm-c", "crm-c-id", T0.plusSeconds(5), Map.of()), T0);

        assertThat(r.outcome()).isEqualTo(Outcome.RESTORED);
        assertThat(r.deletes()).isEmpty();
        assertThat(r.next().isDeleted()).isFalse();
        assertThat(r.writes()).containsOnlyKeys("crm-c");
        assertThat(r.writes().get("crm-c")).isEqualTo(fields("/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"));
        // The restored copy is pending: its create's webhook is the echo of the write.
        assertThat(lww.apply(r.next(), change("crm-c", T0.plusSeconds(6), "/email", "ann@example.com", "/first_name", "Ann", "/phone", "1"), T0)
                .outcome()).isEqualTo(Outcome.ECHO);
    }
}
