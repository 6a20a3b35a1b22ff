package dev.junction.engine.sync;

import java.nio.file.Path;

class ReconcileAcrossNodesSqliteTest extends ReconcileAcrossNodesContract {

    @Override
    String databaseUrl(Path dir) {
        return "sqlite:" + dir.resolve("junction.db");
    }
}
