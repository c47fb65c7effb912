package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Proxy;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.RightsRequestStoreContract;

class InMemoryRightsRequestStoreTest extends RightsRequestStoreContract {

    @Override
    protected RightsRequestStore newStore() {
        return new InMemoryRightsRequestStore();
    }

    /**
     * An in-memory rightsRequestStore behind a wrapper that fails every call, with a cause as a store keeps
     * one: the driver's failure reduced to what names no value. It proves only that the contract walks
     * the cause chain; a persistent implementation proves its own wrapping by extending the contract.
     */
    @Override
    protected RightsRequestStore brokenStore() {
        RightsRequestStore real = new InMemoryRightsRequestStore();
        return (RightsRequestStore) Proxy.newProxyInstance(RightsRequestStore.class.getClassLoader(), new Class<?>[] {RightsRequestStore.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(real, args);
                    }
                    throw new StoreException("The rights request store is unavailable", true, new java.io.IOException("connection refused"));
                });
    }
}
