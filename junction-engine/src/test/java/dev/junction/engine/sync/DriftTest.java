package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.core.config.SyncSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one record differs across systems, given the agreed state and what each system listed: no store, no socket. */
class DriftTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final SyncSpec spec = SyncStepTest.spec(Map.of());
    final SyncStep step = new SyncStep(spec);
    final Drift drift = new Drift(spec, spec.systems().keySet());
    /** Ann everywhere; each system's last change to Junction stamped T0 + 1 s at the latest. */
    final SyncRecord ann = new SyncStepTest().everywhere(step);

    static JsonNode record(String id, String updated, String... pairs) {
        ObjectNode r = JSON.createObjectNode().put("id", id).put("updated_at", updated);
        for (int i = 0; i < pairs.length; i += 2) r.put(pairs[i].substring(1), pairs[i + 1]);
        return r;
    }

    static JsonNode ann(String system, String updated, String firstName) {
        return record(system + "-id", updated, "/email", "ann@example.com", "/first_name", firstName, "/phone", "1");
    }

    private Map<String, List<JsonNode>> listed(JsonNode a, JsonNode b, JsonNode c) {
        return Map.of("crm-a", a == null ? List.of() : List.of(a), "crm-b", b == null ? List.of() : List.of(b), "crm-c", c == null ? List.of() : List.of(c));
    }

    private static final Map<String, String> IDS = Map.of("crm-a", "crm-a-id", "crm-b", "crm-b-id", "crm-c", "crm-c-id");

    @Test
    void aRecordEverySystemHasAsAgreedIsConsistent() {
        Drift.Plan plan = drift.of("ann@example.com", ann, IDS, listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"),
                ann("crm-b", "2026-11-30T20:00:01Z", "Ann"), ann("crm-c", "2026-11-30T20:00:01Z", "Ann")));

        assertThat(plan.consistent()).isTrue();
        assertThat(plan.pushes()).isEmpty();
        assertThat(plan.feeds()).isEmpty();
    }

    @Test
    void aSystemThatStoresANumberForItsStringOrEmptyForNoneIsConsistent() {
        ObjectNode b = (ObjectNode) ann("crm-b", "2026-11-30T20:00:01Z", "Ann");
        b.put("phone", 1);
        ObjectNode c = (ObjectNode) ann("crm-c", "2026-11-30T20:00:01Z", "Ann");
        c.putNull("phone");
        // Agreed null: a system that keeps "" for it, or leaves it out, has it too.
        SyncRecord phoneCleared = step.apply(ann, new Change("crm-a", "crm-a-id", SyncStepTest.T0.plusSeconds(3),
                Map.of("/phone", com.fasterxml.jackson.databind.node.NullNode.getInstance())), SyncStepTest.T0).next();
        ObjectNode a = (ObjectNode) ann("crm-a", "2026-11-30T20:00:00Z", "Ann");
        a.remove("phone");
        ObjectNode bEmpty = (ObjectNode) ann("crm-b", "2026-11-30T20:00:01Z", "Ann");
        bEmpty.put("phone", "");

        assertThat(drift.of("ann@example.com", ann, IDS, listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"), b,
                ann("crm-c", "2026-11-30T20:00:01Z", "Ann"))).findings()).as("1 for \"1\"").isEmpty();
        assertThat(drift.of("ann@example.com", phoneCleared, IDS, listed(a, bEmpty, c)).findings()).as("missing, \"\" and null").isEmpty();
    }

    @Test
    void aValueStampedAfterTheSystemsLastChangeIsAMissedEditAndGoesThroughTheSync() {
        JsonNode edited = ann("crm-b", "2026-11-30T20:05:00Z", "Annie");
        Drift.Plan plan = drift.of("ann@example.com", ann, IDS, listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"), edited,
                ann("crm-c", "2026-11-30T20:00:01Z", "Ann")));

        assertThat(plan.findings()).containsExactly(new Finding("ann@example.com", "crm-b", Finding.Kind.DIFFERS, List.of("/first_name"), Finding.Action.CHANGE));
        assertThat(plan.feeds()).containsExactly(new Drift.Feed("crm-b", edited));
        assertThat(plan.pushes()).isEmpty();
    }

    @Test
    void aValueNotStampedLaterIsDriftAndTheAgreedValueIsPushedAgain() {
        Drift.Plan plan = drift.of("ann@example.com", ann, IDS, listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"),
                ann("crm-b", "2026-11-30T19:00:00Z", "Annie"), ann("crm-c", "2026-11-30T20:00:01Z", "Ann")));

        assertThat(plan.findings()).extracting(Finding::action).containsExactly(Finding.Action.REPUSHED);
        assertThat(plan.pushes()).containsExactly(new Drift.Push("crm-b", Map.of("/first_name", TextNode.valueOf("Ann")), false, null));
    }

    @Test
    void twoEditsInOneSecondWhoseWebhooksCameTheOtherWayRoundLeaveTheLaterOneWhereTheListingShowsIt() {
        // crm-a stamps whole seconds: "First" then "Second" at 20:01:00, the webhooks arrive Second then First, so Junction
        // agreed on First. Pushing First back to crm-a undid the user's last edit in every system.
        java.time.Instant t = java.time.Instant.parse("2026-11-30T20:01:00Z");
        SyncRecord r = step.apply(ann, SyncStepTest.change("crm-a", t, "/first_name", "Second"), t).next();
        r = step.apply(r, SyncStepTest.change("crm-a", t, "/first_name", "First"), t).next();
        assertThat(r.agreed().get("/first_name").value()).isEqualTo(TextNode.valueOf("First"));

        JsonNode listedA = ann("crm-a", "2026-11-30T20:01:00Z", "Second");
        Drift.Plan plan = drift.of("ann@example.com", r, IDS, listed(listedA, ann("crm-b", "2026-11-30T20:01:01Z", "First"),
                ann("crm-c", "2026-11-30T20:01:01Z", "First")));

        assertThat(plan.findings()).containsExactly(new Finding("ann@example.com", "crm-a", Finding.Kind.DIFFERS, List.of("/first_name"), Finding.Action.CHANGE));
        assertThat(plan.pushes()).isEmpty();
        SyncStep.Result fed = step.apply(r, new Change("crm-a", "crm-a-id", t, Map.of("/first_name", TextNode.valueOf("Second"))), t);
        assertThat(fed.next().agreed().get("/first_name").value()).isEqualTo(TextNode.valueOf("Second"));
        assertThat(fed.writes()).containsOnlyKeys("crm-b", "crm-c");
    }

    @Test
    void atTheTimeLastHeardAValueTheSystemLastShowedOrJunctionWroteIsDriftNotAnEdit() {
        java.time.Instant heard = java.time.Instant.parse("2026-11-30T20:00:01Z");
        FieldValue agreed = new FieldValue(TextNode.valueOf("Annie"), "crm-a", heard.plusSeconds(60));
        SystemCopy b = new SystemCopy(Map.of("/first_name", TextNode.valueOf("Ann")),
                Map.of("/first_name", List.of(TextNode.valueOf("Bo"), TextNode.valueOf("Annie"))), heard);
        SyncRecord r = new SyncRecord(Map.of("/first_name", agreed), java.util.Set.of(), Map.of("crm-b", b), null);
        Drift bOnly = new Drift(spec, List.of("crm-b"));

        for (String shown : List.of("Ann", "Bo")) {
            Drift.Plan plan = bOnly.of("ann@example.com", r, IDS, Map.of("crm-b", List.of(record("crm-b-id", "2026-11-30T20:00:01Z", "/first_name", shown))));
            assertThat(plan.findings()).as(shown).extracting(Finding::action).containsExactly(Finding.Action.REPUSHED);
            assertThat(plan.pushes()).as(shown).containsExactly(new Drift.Push("crm-b", Map.of("/first_name", TextNode.valueOf("Annie")), false, null));
        }
    }

    @Test
    void aRecordGoneFromASystemIsCreatedAgainForgettingItsOldId() {
        Drift.Plan plan = drift.of("ann@example.com", ann, IDS, listed(null, ann("crm-b", "2026-11-30T20:00:01Z", "Ann"),
                ann("crm-c", "2026-11-30T20:00:01Z", "Ann")));

        assertThat(plan.findings()).containsExactly(new Finding("ann@example.com", "crm-a", Finding.Kind.MISSING,
                List.of("/email", "/first_name", "/phone"), Finding.Action.RECREATED));
        assertThat(plan.pushes()).singleElement().satisfies(p -> {
            assertThat(p.missing()).isTrue();
            assertThat(p.forgetId()).isEqualTo("crm-a-id");
            assertThat(p.fields()).containsOnlyKeys("/email", "/first_name", "/phone");
        });
    }

    @Test
    void aKeyJunctionNeverHeardOfIsAChangeOfEachSystemThatHasIt() {
        JsonNode dan = record("crm-c-9", "2026-11-30T20:00:00Z", "/email", "dan@example.com", "/first_name", "Dan");
        Drift.Plan plan = drift.of("dan@example.com", null, Map.of(), listed(null, null, dan));

        assertThat(plan.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.UNKNOWN);
        assertThat(plan.feeds()).containsExactly(new Drift.Feed("crm-c", dan));
    }

    @Test
    void duplicatesInOneSystemAreForAPersonAndNothingIsWrittenThere() {
        Drift.Plan plan = drift.of("ann@example.com", ann, IDS, Map.of("crm-a", List.of(ann("crm-a", "2026-11-30T20:00:00Z", "Ann")),
                "crm-b", List.of(ann("crm-b", "2026-11-30T20:00:01Z", "Ann"), ann("crm-b", "2026-11-30T20:09:00Z", "Other")),
                "crm-c", List.of(ann("crm-c", "2026-11-30T20:00:01Z", "Ann"))));

        assertThat(plan.findings()).containsExactly(new Finding("ann@example.com", "crm-b", Finding.Kind.DUPLICATE, List.of("/email"), Finding.Action.REVIEW));
        assertThat(plan.pushes()).isEmpty();
        assertThat(plan.feeds()).isEmpty();
    }

    @Test
    void aSystemWhoseListingFailedIsNotComparedAtAll() {
        Drift partial = new Drift(spec, List.of("crm-a", "crm-c"));
        Drift.Plan plan = partial.of("ann@example.com", ann, IDS, Map.of("crm-a", List.of(ann("crm-a", "2026-11-30T20:00:00Z", "Ann")),
                "crm-c", List.of(ann("crm-c", "2026-11-30T20:00:01Z", "Ann"))));

        assertThat(plan.findings()).as("crm-b's records are unknown, not missing").isEmpty();
    }

    @Test
    void aFieldHeldForReviewIsNeitherComparedNorPushed() {
        SyncRecord held = new SyncRecord(ann.agreed(), java.util.Set.of("/first_name"), ann.systems());
        Drift.Plan plan = drift.of("ann@example.com", held, IDS, listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"),
                ann("crm-b", "2026-11-30T19:00:00Z", "Annie"), ann("crm-c", "2026-11-30T20:00:01Z", "Ann")));

        assertThat(plan.consistent()).isTrue();
    }

    private final SyncSpec propagating = SyncStepTest.propagating();

    @Test
    void aSystemStillHoldingADeletedRecordIsSentADelete() {
        SyncRecord tombstone = SyncRecord.tombstone("crm-a", SyncStepTest.T0);
        Drift.Plan plan = new Drift(propagating, propagating.systems().keySet()).of("ann@example.com", tombstone, IDS,
                listed(null, ann("crm-b", "2026-11-30T20:00:01Z", "Ann"), null));

        assertThat(plan.findings()).containsExactly(new Finding("ann@example.com", "crm-b", Finding.Kind.DELETED, List.of(), Finding.Action.DELETE));
        assertThat(plan.deletes()).containsExactly("crm-b");
        assertThat(plan.pushes()).isEmpty();
        assertThat(plan.feeds()).isEmpty();

        // The sync no longer propagates deletes (its config changed since): nothing is sent, a person decides.
        Drift.Plan restoring = drift.of("ann@example.com", tombstone, IDS, listed(null, ann("crm-b", "2026-11-30T20:00:01Z", "Ann"), null));
        assertThat(restoring.findings()).extracting(Finding::action).containsExactly(Finding.Action.REVIEW);
        assertThat(restoring.deletes()).isEmpty();
    }

    @Test
    void anotherRecordUnderADeletedRecordsKeyIsANewRecordAndGoesThroughTheSync() {
        SyncRecord tombstone = SyncRecord.tombstone("crm-a", SyncStepTest.T0);
        JsonNode fresh = record("crm-b-new", "2026-11-30T21:00:00Z", "/email", "ann@example.com", "/first_name", "Annie");
        Drift.Plan plan = new Drift(propagating, propagating.systems().keySet()).of("ann@example.com", tombstone, IDS, listed(null, fresh, null));

        assertThat(plan.findings()).extracting(Finding::kind, Finding::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Finding.Kind.UNKNOWN, Finding.Action.CHANGE));
        assertThat(plan.feeds()).containsExactly(new Drift.Feed("crm-b", fresh));
        assertThat(plan.deletes()).isEmpty();
    }

    @Test
    void underPropagateARecordGoneFromALinkedSystemIsThatSystemsDeleteUnlessItsListingIsWithheld() {
        SyncRecord annHere = new SyncStepTest().everywhere(new SyncStep(propagating));
        Map<String, List<JsonNode>> withoutC = listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"), ann("crm-b", "2026-11-30T20:00:01Z", "Ann"), null);

        Drift.Plan believed = new Drift(propagating, propagating.systems().keySet()).of("ann@example.com", annHere, IDS, withoutC);
        assertThat(believed.findings()).extracting(Finding::system, Finding::kind, Finding::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("crm-c", Finding.Kind.MISSING, Finding.Action.PROPAGATED));
        assertThat(believed.gone()).containsExactly(new Drift.Gone("crm-c", "crm-c-id"));
        assertThat(believed.pushes()).as("not created again").isEmpty();

        Drift.Plan withheld = new Drift(propagating, propagating.systems().keySet(), java.util.Set.of("crm-c")).of("ann@example.com", annHere, IDS, withoutC);
        assertThat(withheld.findings()).extracting(Finding::action).containsExactly(Finding.Action.WITHHELD);
        assertThat(withheld.gone()).isEmpty();
        assertThat(withheld.pushes()).isEmpty();
    }

    @Test
    void underRestoreARecordMissingFromAListingThatLooksCutShortIsNotWrittenAgain() {
        Map<String, List<JsonNode>> withoutC = listed(ann("crm-a", "2026-11-30T20:00:00Z", "Ann"), ann("crm-b", "2026-11-30T20:00:01Z", "Ann"), null);

        Drift.Plan plan = new Drift(spec, spec.systems().keySet(), java.util.Set.of("crm-c")).of("ann@example.com", ann, IDS, withoutC);

        assertThat(plan.findings()).extracting(Finding::system, Finding::kind, Finding::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("crm-c", Finding.Kind.MISSING, Finding.Action.WITHHELD));
        assertThat(plan.pushes()).isEmpty();
        assertThat(new Drift(spec, spec.systems().keySet()).of("ann@example.com", ann, IDS, withoutC).pushes()).as("believed: recreated")
                .extracting(Drift.Push::system).containsExactly("crm-c");
    }

    @Test
    void aListingIsBelievedUnlessEmptyOrMissingMoreThanOneAndMoreThanATenthOfTheLinkedRecords() {
        Map<String, String> linked = new java.util.HashMap<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            linked.put("id" + i, "k" + i);
            present.add("id" + i);
        }
        assertThat(Reconciler.believable(linked, present, java.util.Set.of())).isTrue();
        for (int i = 0; i < 4; i++) present.remove("id" + i);
        assertThat(Reconciler.believable(linked, present, java.util.Set.of())).as("4 of 40: a tenth").isTrue();
        present.remove("id4");
        assertThat(Reconciler.unbelievable(linked, present, java.util.Set.of()))
                .contains("5 of 40 linked record(s) missing: more than 1 and more than a tenth at once");
        assertThat(Reconciler.believable(linked, present, java.util.Set.of("k0", "k1"))).as("tombstones are not missing").isTrue();
        assertThat(Reconciler.unbelievable(linked, java.util.Set.of(), java.util.Set.of()))
                .contains("the listing is empty while 40 record(s) are linked there");
        assertThat(Reconciler.believable(Map.of("a", "k"), java.util.Set.of(), java.util.Set.of())).as("one linked record, empty listing").isFalse();
        assertThat(Reconciler.believable(Map.of("a", "k", "b", "k2"), java.util.Set.of("b"), java.util.Set.of())).as("1 of 2").isTrue();
        // A small sync: 3 of 4 gone at once is no user's afternoon of deletes, it is a listing cut short.
        Map<String, String> four = Map.of("a", "k1", "b", "k2", "c", "k3", "d", "k4");
        assertThat(Reconciler.believable(four, java.util.Set.of("a"), java.util.Set.of())).isFalse();
        assertThat(Reconciler.believable(four, java.util.Set.of("a", "b", "c"), java.util.Set.of())).as("1 of 4").isTrue();
    }
}
