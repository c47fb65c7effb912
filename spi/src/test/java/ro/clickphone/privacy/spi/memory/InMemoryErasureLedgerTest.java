package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Proxy;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.ErasureLedgerContract;

class InMemoryErasureLedgerTest extends ErasureLedgerContract {

    @Override
    protected ErasureLedger newLedger() {
        return new InMemoryErasureLedger();
    }

    /**
     * An in-memory erasureLedger behind a wrapper that fails every call, with a cause as a store keeps
     * one: the driver's failure reduced to what names no value. It proves only that the contract walks
     * the cause chain; a persistent implementation proves its own wrapping by extending the contract.
     */
    @Override
    protected ErasureLedger brokenLedger() {
        ErasureLedger real = new InMemoryErasureLedger();
        return (ErasureLedger) Proxy.newProxyInstance(ErasureLedger.class.getClassLoader(), new Class<?>[] {ErasureLedger.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(real, args);
                    }
                    throw new StoreException("The erasure ledger is unavailable", true, new java.io.IOException("connection refused"));
                });
    }
}
