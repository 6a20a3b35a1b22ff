package dev.junction.engine.sync;

import dev.junction.store.TestDatabases;
import java.nio.file.Path;

class ReconcileAcrossNodesPostgresTest extends ReconcileAcrossNodesContract {

    @Override
    String databaseUrl(Path dir) {
        return TestDatabases.freshPostgresSchema();
    }
}
