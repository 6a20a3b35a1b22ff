package dev.junction.engine.deliver;

import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;

class BatchDeliveryPostgresTest extends BatchDeliveryContract {

    @Override
    JdbcStore openStore() {
        return TestDatabases.postgres();
    }
}
