package ro.clickphone.privacy.spi.memory;

import java.util.Map;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.AccountDirectoryContract;

class InMemoryAccountDirectoryTest extends AccountDirectoryContract {

    @Override
    protected AccountDirectory newDirectory(Map<SubjectId, String> accounts) {
        InMemoryAccountDirectory directory = new InMemoryAccountDirectory();
        accounts.forEach(directory::assign);
        return directory;
    }
}
