package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Proxy;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentStoreContract;

class InMemoryIncidentStoreTest extends IncidentStoreContract {

    @Override
    protected IncidentStore newStore() {
        return new InMemoryIncidentStore();
    }

    /**
     * An in-memory store behind a wrapper that fails every call, as a store whose database is down,
     * with a cause as a store keeps one: the driver's failure reduced to what names no value. This
     * proves only that the contract walks the cause chain; a persistent store proves its own
     * wrapping by extending the contract.
     */
    @Override
    protected IncidentStore brokenStore() {
        IncidentStore store = new InMemoryIncidentStore();
        return (IncidentStore) Proxy.newProxyInstance(IncidentStore.class.getClassLoader(),
                new Class<?>[] {IncidentStore.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(store, args);
                    }
                    throw new StoreException("The incident store is unavailable", true,
                            new java.io.IOException("connection refused"));
                });
    }
}
