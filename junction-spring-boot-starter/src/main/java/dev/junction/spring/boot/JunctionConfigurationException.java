package dev.junction.spring.boot;

/**
 * A {@code junction.client.*} setting the starter cannot start with: the property, what is wrong with it, and what to
 * do. {@link JunctionConfigurationFailureAnalyzer} shows it as Spring Boot's "APPLICATION FAILED TO START" block
 * rather than the last line of a long stack trace. Never carries a secret's value.
 */
public final class JunctionConfigurationException extends IllegalArgumentException {

    private final String property;
    private final String action;

    /**
     * @param property    the property's full name, e.g. {@code junction.client.webhooks.stripe.scheme}
     * @param description what is wrong, in a sentence that names the property
     * @param action      what to change
     */
    public JunctionConfigurationException(String property, String description, String action) {
        this(property, description, action, null);
    }

    JunctionConfigurationException(String property, String description, String action, Throwable cause) {
        super(description, cause);
        this.property = property;
        this.action = action;
    }

    /** The property's full name. */
    public String property() {
        return property;
    }

    /** What to change. */
    public String action() {
        return action;
    }
}
