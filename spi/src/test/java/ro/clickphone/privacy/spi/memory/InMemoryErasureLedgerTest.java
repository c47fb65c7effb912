package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.ErasureLedgerContract;

class InMemoryErasureLedgerTest extends ErasureLedgerContract {

    @Override
    protected ErasureLedger newLedger() {
        return new InMemoryErasureLedger();
    }
}
