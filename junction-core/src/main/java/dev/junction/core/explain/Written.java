package dev.junction.core.explain;

import java.util.List;
import java.util.Optional;

/**
 * The config as it is written, before {@code ${ENV}} is resolved: what some checks need besides the loaded specs
 * (a secret typed into the file looks the same as one from the environment once loaded).
 */
public interface Written {

    /** The text written at {@code path} (a scalar), as typed; empty when the key is not written. */
    Optional<String> raw(String path);

    /** Whether {@code path} is written at all (a scalar, a mapping or a list). */
    boolean has(String path);

    /** The paths of every scalar written under a key that holds secrets (secret, secrets, password, bearer...). */
    List<String> secretPaths();

    /**
     * Whether the value at {@code path} names a {@code ${VAR}} that is not set here, so what was loaded there is a
     * placeholder ({@code junction check} in CI), not something to show as the config's.
     */
    default boolean unset(String path) { return false; }

    /** Nothing known of the written form: a config built in code. */
    Written NONE = new Written() {
        @Override
        public Optional<String> raw(String path) { return Optional.empty(); }

        @Override
        public boolean has(String path) { return false; }

        @Override
        public List<String> secretPaths() { return List.of(); }
    };
}
