package dev.junction.server.demo.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The field names and formats of a simulated contact: one place for the record's shape. */
public final class Contacts {

    /** The simulator's id, set on create; read-only through the API. */
    public static final String ID = "id";
    /** The match key a sync usually uses; searched case-insensitively, as CRMs do. */
    public static final String EMAIL = "email";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String PHONE = "phone";
    public static final String COMPANY = "company";
    /** The record's modified time, set by the simulator on every change; read-only through the API. */
    public static final String UPDATED_AT = "updated_at";

    static final ObjectMapper JSON = new ObjectMapper();

    /** ISO 8601 in UTC with milliseconds always written, e.g. {@code 2026-11-30T20:00:00.120Z}. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Contacts() {}

    /** A record (without id) holding {@code fields}; a null value is written as JSON null. */
    public static ObjectNode of(Map<String, String> fields) {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach(node::put);
        return node;
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Whether {@code name} is one only the simulator sets. */
    static boolean readOnly(String name) {
        return ID.equals(name) || UPDATED_AT.equals(name);
    }
}
