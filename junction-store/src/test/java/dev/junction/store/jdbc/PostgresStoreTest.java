package dev.junction.store.jdbc;

import dev.junction.store.Store;
import dev.junction.store.StoreContract;
import dev.junction.store.TestDatabases;

class PostgresStoreTest extends StoreContract {

    private String url;

    @Override
    protected Store openStore() {
        url = TestDatabases.freshPostgresSchema();
        return Stores.open(url, null, null);
    }

    @Override
    protected void reopen() {
        store.close();
        store = Stores.open(url, null, null);
    }
}
