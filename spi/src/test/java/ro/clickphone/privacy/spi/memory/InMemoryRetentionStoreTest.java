package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Proxy;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionStoreContract;

class InMemoryRetentionStoreTest extends RetentionStoreContract {

    @Override
    protected RetentionStore newStore() {
        return new InMemoryRetentionStore();
    }

    /** An in-memory store behind a wrapper that fails every call, as a store whose database is down. */
    @Override
    protected RetentionStore brokenStore() {
        RetentionStore store = new InMemoryRetentionStore();
        return (RetentionStore) Proxy.newProxyInstance(RetentionStore.class.getClassLoader(),
                new Class<?>[] {RetentionStore.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(store, args);
                    }
                    throw new StoreException("The retention store is unavailable", true, null);
                });
    }
}
