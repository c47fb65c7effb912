package ro.clickphone.privacy.spi.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/** The bundle: every store required, given once, replaced one at a time; named by class only. */
class StoresTest {

    private static Stores.Builder full() {
        return Stores.builder()
                .auditLog(new InMemoryAuditLogStore())
                .consent(new InMemoryConsentStore())
                .subjectKeys(new InMemorySubjectKeyStore())
                .tokenVault(new InMemoryTokenVaultStore())
                .accounts(new InMemoryAccountDirectory())
                .designations(new InMemoryDesignationRegistry())
                .transferNotices(new InMemoryTransferNoticeRegister())
                .retention(new InMemoryRetentionStore());
    }

    @Test
    void build_withoutTheOutboxOrTheContacts_namesTheMissingStore() {
        ConfigurationException noOutbox = assertThrows(ConfigurationException.class,
                () -> full().contacts(new InMemoryContactDirectory()).build());
        assertTrue(noOutbox.getMessage().contains("outbox"), noOutbox.getMessage());
        ConfigurationException noContacts = assertThrows(ConfigurationException.class,
                () -> full().outbox(new InMemoryOutboxStore()).build());
        assertTrue(noContacts.getMessage().contains("contacts"), noContacts.getMessage());
    }

    @Test
    void builder_refusesNullAndASecondOutboxOrDirectory() {
        assertThrows(InvalidInputException.class, () -> Stores.builder().outbox(null));
        assertThrows(InvalidInputException.class, () -> Stores.builder().contacts(null));
        assertThrows(ConfigurationException.class, () -> Stores.builder().outbox(new InMemoryOutboxStore())
                .outbox(new InMemoryOutboxStore()));
        assertThrows(ConfigurationException.class, () -> Stores.builder().contacts(new InMemoryContactDirectory())
                .contacts(new InMemoryContactDirectory()));
    }

    @Test
    void withOutboxAndWithContacts_replaceOneStore_andKeepTheOthers() {
        Stores stores = InMemoryStores.create();
        InMemoryOutboxStore outbox = new InMemoryOutboxStore();
        InMemoryContactDirectory contacts = new InMemoryContactDirectory();
        Stores withOutbox = stores.withOutbox(outbox);
        assertSame(outbox, withOutbox.outbox());
        assertSame(stores.contacts(), withOutbox.contacts());
        assertSame(stores.retention(), withOutbox.retention());
        Stores withContacts = withOutbox.withContacts(contacts);
        assertSame(contacts, withContacts.contacts());
        assertSame(outbox, withContacts.outbox());
        assertSame(stores.auditLog(), withContacts.auditLog());
        assertNotSame(stores.outbox(), withOutbox.outbox(), "the original is unchanged");
        assertThrows(InvalidInputException.class, () -> stores.withOutbox(null));
        assertThrows(InvalidInputException.class, () -> stores.withContacts(null));
    }

    @Test
    void everyWith_keepsTheOutboxAndTheContacts() {
        Stores stores = InMemoryStores.create();
        for (UnaryOperator<Stores> with : java.util.List.<UnaryOperator<Stores>>of(
                s -> s.withAuditLog(new InMemoryAuditLogStore()),
                s -> s.withConsent(new InMemoryConsentStore()),
                s -> s.withSubjectKeys(new InMemorySubjectKeyStore()),
                s -> s.withTokenVault(new InMemoryTokenVaultStore()),
                s -> s.withAccounts(new InMemoryAccountDirectory()),
                s -> s.withDesignations(new InMemoryDesignationRegistry()),
                s -> s.withTransferNotices(new InMemoryTransferNoticeRegister()),
                s -> s.withRetention(new InMemoryRetentionStore()))) {
            Stores copy = with.apply(stores);
            assertSame(stores.outbox(), copy.outbox());
            assertSame(stores.contacts(), copy.contacts());
        }
    }

    @Test
    void inMemoryStores_areFreshEachTime_andToStringNamesClassesOnly() {
        Stores a = InMemoryStores.create();
        Stores b = InMemoryStores.create();
        assertNotSame(a.outbox(), b.outbox());
        assertNotSame(a.contacts(), b.contacts());
        a.contacts().put(SubjectId.of("ana.popescu@example.ro"),
                new SubjectContacts(Map.of(Medium.EMAIL, "ana.popescu@example.ro"), "ro"));
        assertTrue(b.contacts().find(SubjectId.of("ana.popescu@example.ro")).isEmpty());
        String text = a.toString();
        assertTrue(text.contains(", outbox=InMemoryOutboxStore, contacts=InMemoryContactDirectory"), text);
        assertFalse(text.contains("ana.popescu"), text);
        assertEquals(a.toString(), b.toString());
    }
}
