package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of outbound event types: create once per name, update by revision, archive and still read,
 * list by name with keyset paging. Part of {@link StoreContract}, so it runs on every engine.
 */
interface EventTypeCatalogueContract {

    Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");
    Instant WITH_NANOS = Instant.parse("2026-11-23T10:00:00.123456789Z");
    String SCHEMA = "{\"type\":\"object\",\"required\":[\"amount\"]}";

    /** The store under test. */
    Store store();

    private static EventType.Definition definition(String description) {
        return new EventType.Definition(description, SCHEMA, "[{\"amount\":1}]");
    }

    @Test
    default void aTypeIsCreatedOnceAndReadBackAsGiven() {
        EventType created = store().createEventType("invoice.paid", definition("An invoice was paid"), CREATED).orElseThrow();
        assertThat(created.revision()).isEqualTo(1);

        EventType read = store().eventType("invoice.paid").orElseThrow();
        assertThat(read).isEqualTo(created);
        assertThat(read.definition().schema()).isEqualTo(SCHEMA);
        assertThat(read.definition().examples()).isEqualTo("[{\"amount\":1}]");
        assertThat(read.createdAt()).isEqualTo(CREATED);
        assertThat(read.archived()).isFalse();

        assertThat(store().createEventType("invoice.paid", definition("again"), CREATED.plusSeconds(1))).as("name taken").isEmpty();
        assertThat(store().eventType("invoice.paid").orElseThrow().definition().description()).isEqualTo("An invoice was paid");
        assertThat(store().eventType("invoice.unknown")).isEmpty();

        EventType precise = store().createEventType("invoice.sent", definition(null), WITH_NANOS).orElseThrow();
        assertThat(precise).as("what create returns is what is read back").isEqualTo(store().eventType("invoice.sent").orElseThrow());
        assertThat(precise.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    }

    @Test
    default void aTypeWithoutSchemaOrDescriptionKeepsThemNull() {
        store().createEventType("user:created", new EventType.Definition(null, null, null), CREATED);
        EventType read = store().eventType("user:created").orElseThrow();
        assertThat(read.definition().schema()).isNull();
        assertThat(read.definition().description()).isNull();
        assertThat(read.definition().examples()).isEqualTo("[]");
    }

    @Test
    default void anUpdateReplacesTheDefinitionAtTheRevisionItWasReadAt() {
        store().createEventType("invoice.paid", definition("v1"), CREATED);
        Instant later = CREATED.plusSeconds(60);
        EventType.Definition v2 = new EventType.Definition("v2", "{\"type\":\"object\"}", "[]");

        EventType updated = store().updateEventType("invoice.paid", 1, v2, later).orElseThrow();
        assertThat(updated.revision()).isEqualTo(2);
        assertThat(updated.definition()).isEqualTo(v2);
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.createdAt()).isEqualTo(CREATED);
        assertThat(store().eventType("invoice.paid").orElseThrow()).isEqualTo(updated);

        assertThat(store().updateEventType("invoice.paid", 1, definition("stale"), later)).as("changed meanwhile").isEmpty();
        assertThat(store().eventType("invoice.paid").orElseThrow().definition().description()).isEqualTo("v2");
        assertThat(store().updateEventType("no.such", 1, v2, later)).isEmpty();
    }

    @Test
    default void anArchivedTypeStaysReadableAndKeepsItsFirstArchiveTime() {
        store().createEventType("invoice.paid", definition("d"), CREATED);
        EventType archived = store().archiveEventType("invoice.paid", CREATED.plusSeconds(5)).orElseThrow();
        assertThat(archived.archivedAt()).isEqualTo(CREATED.plusSeconds(5));
        assertThat(store().archiveEventType("invoice.paid", CREATED.plusSeconds(9)).orElseThrow().archivedAt()).isEqualTo(CREATED.plusSeconds(5));
        assertThat(store().eventType("invoice.paid").orElseThrow().archived()).isTrue();
        assertThat(store().archiveEventType("no.such", CREATED)).isEmpty();
    }

    @Test
    default void theListPagesByNameInCodePointOrderAndLeavesArchivedOutUnlessAsked() {
        for (String name : List.of("b.two", "a-one", "B:upper", "a.one", "c_three", "a1")) {
            store().createEventType(name, definition(null), CREATED);
        }
        store().archiveEventType("a1", CREATED);

        List<String> all = store().eventTypes(true, null, 100).stream().map(EventType::name).toList();
        assertThat(all).as("code point order, as SQLite's BINARY and PostgreSQL's \"C\"")
                .containsExactly("B:upper", "a-one", "a.one", "a1", "b.two", "c_three");
        assertThat(store().eventTypes(false, null, 100)).extracting(EventType::name).doesNotContain("a1").hasSize(5);

        List<String> first = store().eventTypes(false, null, 2).stream().map(EventType::name).toList();
        assertThat(first).containsExactly("B:upper", "a-one");
        assertThat(store().eventTypes(false, "a-one", 2)).extracting(EventType::name).containsExactly("a.one", "b.two");
        assertThat(store().eventTypes(false, "b.two", 2)).extracting(EventType::name).containsExactly("c_three");
    }
}
