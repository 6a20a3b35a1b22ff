package dev.junction.server;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the top of the repository (docs, the operator's kit), for tests that check them against the code. */
public final class RepoFiles {

    private RepoFiles() {}

    /** Tests run in their module's directory; {@code path} is relative to the repository's top. */
    public static Path find(String path) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(path))) return d.resolve(path);
        }
        throw new AssertionError(path + " not found above " + Path.of("").toAbsolutePath());
    }
}
