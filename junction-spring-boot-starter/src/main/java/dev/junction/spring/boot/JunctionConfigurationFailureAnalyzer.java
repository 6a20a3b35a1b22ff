package dev.junction.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link JunctionConfigurationException} into Spring Boot's "APPLICATION FAILED TO START" report (Description,
 * Action), so the property and the fix are the first thing read, not the last "Caused by" of a 90-line trace.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class JunctionConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<JunctionConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JunctionConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), "Update " + cause.property() + " in your configuration: " + cause.action(), cause);
    }
}
