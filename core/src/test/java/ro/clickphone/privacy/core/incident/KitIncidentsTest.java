package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;
import static ro.clickphone.privacy.core.incident.IncidentFixture.report;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.memory.InMemoryIncidentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;

/** The incident store in the stores bundle and the kit's builder. */
class KitIncidentsTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    /** A store of another class than the in-memory one, as a persistent store would be. */
    private static IncidentStore persistentLooking(IncidentStore real) {
        return (IncidentStore) Proxy.newProxyInstance(IncidentStore.class.getClassLoader(),
                new Class<?>[] {IncidentStore.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theBundle_holdsAnIncidentStore_requiredOnce_replaceableByWith() {
        Stores stores = InMemoryStores.create();
        assertTrue(stores.incidents() instanceof InMemoryIncidentStore);
        assertTrue(stores.toString().contains("incidents=InMemoryIncidentStore"), stores.toString());
        InMemoryIncidentStore other = new InMemoryIncidentStore();
        assertEquals(other, stores.withIncidents(other).incidents());
        assertThrows(InvalidInputException.class, () -> stores.withIncidents(null));
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> Stores.builder()
                .auditLog(stores.auditLog()).consent(stores.consent()).subjectKeys(stores.subjectKeys())
                .tokenVault(stores.tokenVault()).accounts(stores.accounts()).designations(stores.designations())
                .transferNotices(stores.transferNotices()).retention(stores.retention()).outbox(stores.outbox())
                .contacts(stores.contacts()).build());
        assertTrue(missing.getMessage().contains("incidents"), missing.getMessage());
        assertThrows(ConfigurationException.class, () -> Stores.builder().incidents(other).incidents(other));
        assertThrows(InvalidInputException.class, () -> Stores.builder().incidents(null));
    }

    @Test
    void anIncidentStoreGivenAlone_replacesTheBundles() {
        InMemoryIncidentStore mine = new InMemoryIncidentStore();
        PrivacyKit kit = PrivacyKit.builder().policy(POLICY).clock(NOW).stores(InMemoryStores.create())
                .incidentStore(mine).build();
        String id = kit.incidents().report(report(), STAFF);
        assertTrue(mine.latest(id).isPresent());
        assertTrue(kit.toString().contains("incidents=InMemoryIncidentStore"), kit.toString());
    }

    @Test
    void theIncidentStoreOption_refusesNullSecondCallsAndABuilderWithoutABundle() {
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().incidentStore(null));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .incidentStore(new InMemoryIncidentStore()).incidentStore(new InMemoryIncidentStore()));
        ConfigurationException alone = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policy(POLICY).incidentStore(new InMemoryIncidentStore()).build());
        assertTrue(alone.getMessage().contains("stores(InMemoryStores.create())"), alone.getMessage());
    }

    @Test
    void aPersistentIncidentStore_needsAuditKeysThatOutliveTheProcess() {
        // Its subject notices are kept under the audit trail's keyed pseudonyms: lost keys, lost notices.
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policy(POLICY).clock(NOW).stores(InMemoryStores.create())
                .incidentStore(persistentLooking(new InMemoryIncidentStore())).build());
        assertTrue(e.getMessage().contains("AuditSettings.of(signer, subjectPseudonymKey)"), e.getMessage());
    }

    @Test
    void aPolicyOnlyKit_hasNoRegister() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PrivacyKit.builder().policy(POLICY).clock(NOW).build().incidents());
        assertTrue(e.getMessage().contains(".stores(InMemoryStores.create())"), e.getMessage());
    }
}
