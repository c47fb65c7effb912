package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Proxy;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.ContactDirectoryContract;

class InMemoryContactDirectoryTest extends ContactDirectoryContract {

    @Override
    protected ContactDirectory newDirectory() {
        return new InMemoryContactDirectory();
    }

    /** An in-memory directory behind a wrapper that fails every call, as one whose database is down. */
    @Override
    protected ContactDirectory brokenDirectory() {
        ContactDirectory directory = new InMemoryContactDirectory();
        return (ContactDirectory) Proxy.newProxyInstance(ContactDirectory.class.getClassLoader(),
                new Class<?>[] {ContactDirectory.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(directory, args);
                    }
                    throw new StoreException("The contact directory is unavailable", true, null);
                });
    }
}
