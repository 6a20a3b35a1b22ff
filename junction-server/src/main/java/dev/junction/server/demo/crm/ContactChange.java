package dev.junction.server.demo.crm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change to a contact, as the simulated CRM announces it in a webhook.
 *
 * @param type   what happened
 * @param record the contact as stored after the change (a copy); for a delete, as it was, stamped with the delete's time
 */
public record ContactChange(Type type, ObjectNode record) {

    /** The kinds of change, with the webhook {@code type} each is sent as. */
    public enum Type {
        CREATED("contact.created"), UPDATED("contact.updated"), DELETED("contact.deleted");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The webhook's {@code type} value, e.g. {@code contact.created}. */
        public String wireName() {
            return wireName;
        }
    }
}
