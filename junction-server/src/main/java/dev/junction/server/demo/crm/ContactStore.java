package dev.junction.server.demo.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulated CRM's records, in memory, in creation order. Every change stamps {@code updated_at} from the
 * clock and is handed to the change listener while the store is still locked, so webhooks go out in the
 * order the changes happened. Creates are never deduplicated: that is the sync's job, and
 * {@link #duplicates()} counts what it missed. Callers get copies, never the stored nodes.
 */
final class ContactStore {

    private final IdStyle idStyle;
    private final Clock clock;
    private final Consumer<ContactChange> changes;
    private final List<ObjectNode> inOrder = new ArrayList<>();
    private final Map<String, ObjectNode> byId = new HashMap<>();
    /** Each record's place in creation order, by id: a delete empties it without a search. */
    private final Map<String, Integer> positions = new HashMap<>();
    /** Records by lower-cased email, in creation order: a lookup (every sync create makes one) reads no other record. */
    private final Map<String, List<ObjectNode>> byEmail = new HashMap<>();

    ContactStore(IdStyle idStyle, Clock clock, Consumer<ContactChange> changes) {
        this.idStyle = idStyle;
        this.clock = clock;
        this.changes = changes;
    }

    /** A page of records in creation order, and the cursor of the next page (null after the last). */
    record Page(List<ObjectNode> results, String nextCursor) {}

    /**
     * Stores a new record with an id and {@code updated_at} of the simulator's choosing.
     *
     * @throws IllegalArgumentException when {@code fields} sets the id or {@code updated_at}, or a value is not a scalar
     */
    synchronized ObjectNode create(ObjectNode fields) {
        check(fields);
        ObjectNode record = Contacts.JSON.createObjectNode();
        record.put(Contacts.ID, idStyle.id(inOrder.size() + 1L));
        record.setAll(fields.deepCopy());
        record.put(Contacts.UPDATED_AT, Contacts.time(clock.instant()));
        String id = record.get(Contacts.ID).asText();
        positions.put(id, inOrder.size());
        inOrder.add(record);
        byId.put(id, record);
        index(record);
        return announce(ContactChange.Type.CREATED, record);
    }

    /**
     * Sets {@code fields} on record {@code id} and stamps it, even when no value changes (as Salesforce does).
     *
     * @return the record after the change; empty when there is no such record
     * @throws IllegalArgumentException as {@link #create}
     */
    synchronized Optional<ObjectNode> update(String id, ObjectNode fields) {
        check(fields);
        ObjectNode record = byId.get(id);
        if (record == null) return Optional.empty();
        unindex(record);
        record.setAll(fields.deepCopy());
        index(record);
        record.put(Contacts.UPDATED_AT, Contacts.time(clock.instant()));
        return Optional.of(announce(ContactChange.Type.UPDATED, record));
    }

    /**
     * Removes record {@code id}, announcing nothing (a user deleting it where no webhook tells). Its place in
     * creation order stays, empty, so cursors handed out before still page correctly.
     *
     * @return whether there was such a record
     */
    synchronized boolean delete(String id) {
        return remove(id) != null;
    }

    /**
     * Removes record {@code id} and announces it ({@code contact.deleted}, the record as it was, stamped with the time
     * of the delete), as a delete through the API or by a user of a CRM that tells deletes.
     *
     * @return whether there was such a record
     */
    synchronized boolean deleteAnnounced(String id) {
        ObjectNode record = remove(id);
        if (record == null) return false;
        record.put(Contacts.UPDATED_AT, Contacts.time(clock.instant()));
        announce(ContactChange.Type.DELETED, record);
        return true;
    }

    private ObjectNode remove(String id) {
        ObjectNode record = byId.remove(id);
        if (record == null) return null;
        inOrder.set(positions.remove(id), null);
        unindex(record);
        return record;
    }

    synchronized Optional<ObjectNode> get(String id) {
        return Optional.ofNullable(byId.get(id)).map(ObjectNode::deepCopy);
    }

    /** Records whose email equals {@code email} ignoring case, in creation order. */
    synchronized List<ObjectNode> findByEmail(String email) {
        return byEmail.getOrDefault(email.toLowerCase(Locale.ROOT), List.of()).stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized List<ObjectNode> all() {
        return inOrder.stream().filter(java.util.Objects::nonNull).map(ObjectNode::deepCopy).toList();
    }

    synchronized int size() {
        return byId.size();
    }

    /**
     * Up to {@code limit} records after {@code cursor} (null: from the first). The cursor names a position in
     * creation order, and a deleted record leaves its place empty, so paging is stable while records are added or deleted.
     *
     * @throws IllegalArgumentException when the cursor is not one this store handed out
     */
    synchronized Page page(String cursor, int limit) {
        int from = cursor == null ? 0 : position(cursor);
        int to = Math.min(inOrder.size(), from + limit);
        // A deleted record's place is empty: the page is that much shorter, and the cursors stay valid.
        List<ObjectNode> results = inOrder.subList(from, to).stream().filter(java.util.Objects::nonNull).map(ObjectNode::deepCopy).toList();
        return new Page(results, to < inOrder.size() ? cursorAt(to) : null);
    }

    /**
     * How many records are surplus copies of another by email (ignoring case): {@code n} records sharing an
     * email count {@code n - 1}; records without an email are not counted.
     */
    synchronized int duplicates() {
        Map<String, Integer> perEmail = new HashMap<>();
        for (ObjectNode r : byId.values()) {
            String email = r.path(Contacts.EMAIL).asText(null);
            if (email != null && !email.isEmpty()) perEmail.merge(email.toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        return perEmail.values().stream().mapToInt(n -> n - 1).sum();
    }

    private void index(ObjectNode record) {
        String key = emailKey(record);
        if (key == null) return;
        List<ObjectNode> same = byEmail.computeIfAbsent(key, k -> new ArrayList<>(1));
        int at = positions.get(record.get(Contacts.ID).asText());
        int i = same.size();
        while (i > 0 && positions.get(same.get(i - 1).get(Contacts.ID).asText()) > at) i--;
        same.add(i, record);
    }

    private void unindex(ObjectNode record) {
        String key = emailKey(record);
        if (key == null) return;
        List<ObjectNode> same = byEmail.get(key);
        if (same == null) return;
        same.removeIf(r -> r == record);
        if (same.isEmpty()) byEmail.remove(key);
    }

    private static String emailKey(ObjectNode record) {
        String email = record.path(Contacts.EMAIL).asText(null);
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    private ObjectNode announce(ContactChange.Type type, ObjectNode record) {
        changes.accept(new ContactChange(type, record.deepCopy()));
        return record.deepCopy();
    }

    private static void check(ObjectNode fields) {
        fields.properties().forEach(f -> {
            if (Contacts.readOnly(f.getKey())) {
                throw new IllegalArgumentException("'" + f.getKey() + "' is set by the CRM and may not be written");
            }
            JsonNode v = f.getValue();
            if (!(v.isValueNode())) {
                throw new IllegalArgumentException("field '" + f.getKey() + "' must be a string, number, boolean or null, but was " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
        });
    }

    private static String cursorAt(int position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p" + position).getBytes(StandardCharsets.UTF_8));
    }

    private int position(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int p = Integer.parseInt(text.substring(1));
            if (text.charAt(0) == 'p' && p >= 0 && p <= inOrder.size()) return p;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // falls through to the one message below
        }
        throw new IllegalArgumentException("cursor '" + cursor + "' is not one this CRM handed out; start again without a cursor");
    }
}
