package dev.junction.engine.deliver;

import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class BatchDeliverySqliteTest extends BatchDeliveryContract {

    @TempDir
    Path dir;

    @Override
    JdbcStore openStore() {
        return TestDatabases.sqlite(dir);
    }
}
