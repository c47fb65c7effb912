package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.memory.InMemoryContactDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryOutboxStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/** The outbox and the contact directory in the stores bundle, and given alone to the builder. */
class PrivacyKitNotifyStoresTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();

    @Test
    void theInMemoryBundle_holdsAnInMemoryOutboxAndContactDirectory() {
        String kit = PrivacyKit.builder().policy(POLICY).stores(InMemoryStores.create()).build().toString();
        assertTrue(kit.contains("outbox=InMemoryOutboxStore"), kit);
        assertTrue(kit.contains("contacts=InMemoryContactDirectory"), kit);
    }

    @Test
    void anOutboxStoreOrContactDirectoryGivenAlone_replacesTheBundles() {
        OutboxStore outbox = Mockito.mock(OutboxStore.class);
        ContactDirectory contacts = Mockito.mock(ContactDirectory.class);
        String kit = PrivacyKit.builder().policy(POLICY).stores(InMemoryStores.create())
                .outboxStore(outbox).contactDirectory(contacts).build().toString();
        assertTrue(kit.contains("outbox=" + outbox.getClass().getSimpleName()), kit);
        assertTrue(kit.contains("contacts=" + contacts.getClass().getSimpleName()), kit);
        assertFalse(kit.contains("InMemoryOutboxStore"), kit);
        assertFalse(kit.contains("InMemoryContactDirectory"), kit);
        Mockito.verifyNoInteractions(outbox, contacts);
    }

    @Test
    void anOutboxStoreOrContactDirectoryWithoutABundle_failsInsteadOfFallingBackToMemory() {
        for (UnaryOperator<PrivacyKit.Builder> give : java.util.List.<UnaryOperator<PrivacyKit.Builder>>of(
                b -> b.outboxStore(new InMemoryOutboxStore()),
                b -> b.contactDirectory(new InMemoryContactDirectory()))) {
            PrivacyKit.Builder builder = give.apply(PrivacyKit.builder().policy(POLICY));
            ConfigurationException e = assertThrows(ConfigurationException.class, builder::build);
            assertTrue(e.getMessage().contains("stores(InMemoryStores.create())"), e.getMessage());
        }
    }

    @Test
    void theSetters_refuseNullAndASecondCall() {
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().outboxStore(null));
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().contactDirectory(null));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().outboxStore(new InMemoryOutboxStore())
                .outboxStore(new InMemoryOutboxStore()));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .contactDirectory(new InMemoryContactDirectory()).contactDirectory(new InMemoryContactDirectory()));
    }
}
