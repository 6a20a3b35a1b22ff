package dev.junction.store.jdbc;

import dev.junction.store.Store;
import dev.junction.store.StoreContract;
import dev.junction.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return TestDatabases.sqlite(dir);
    }

    @Override
    protected void reopen() {
        store.close();
        store = TestDatabases.sqlite(dir);
    }
}
