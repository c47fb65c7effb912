package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Proxy;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.notify.OutboxStoreContract;
import ro.clickphone.privacy.spi.testkit.StoreTransactionFixture;

class InMemoryOutboxStoreTest extends OutboxStoreContract {

    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }

    @Override
    protected StoreTransactionFixture transactions() {
        return StoreTransactionFixture.inMemory();
    }

    /** An in-memory store behind a wrapper that fails every call, as a store whose database is down. */
    @Override
    protected OutboxStore brokenStore() {
        OutboxStore store = new InMemoryOutboxStore();
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(),
                new Class<?>[] {OutboxStore.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(store, args);
                    }
                    throw new StoreException("The outbox store is unavailable", true, null);
                });
    }
}
