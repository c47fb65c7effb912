package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.account.TransferNoticeRegisterContract;

class InMemoryTransferNoticeRegisterTest extends TransferNoticeRegisterContract {

    @Override
    protected TransferNoticeRegister newRegister() {
        return new InMemoryTransferNoticeRegister();
    }
}
