package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.hibernate.entities.CachedNote;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * An entity with encrypted attributes in the second-level cache: refused at boot (the cache would hold its
 * decrypted values), and, opted in, read correctly from cache entries written on insert (ciphertext) and on
 * load (plaintext) with no UPDATE.
 */
@OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
class SecondLevelCacheTest {

    private static Map<String, Object> cached(PrivacyKit kit) {
        Map<String, Object> p = new HashMap<>();
        p.put(FieldEncryption.KIT, kit);
        p.put("hibernate.cache.use_second_level_cache", "true");
        p.put("hibernate.cache.region.factory_class", MapRegionFactory.class.getName());
        p.put("jakarta.persistence.sharedCache.mode", "ENABLE_SELECTIVE");
        p.put("hibernate.generate_statistics", "true");
        return p;
    }

    @Test
    void aCachedEncryptedEntity_isRefusedAtBoot_unlessOptedIn(TestDatabase db) {
        try (PrivacyKit kit = Units.kit()) {
            Throwable thrown = assertThrows(Throwable.class, () -> Units.emf(db.jdbcUrl(), cached(kit), CachedNote.class));
            ConfigurationException e = null;
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (t instanceof ConfigurationException c) {
                    e = c;
                }
            }
            assertTrue(e != null && e.getMessage().contains("second-level cache")
                    && e.getMessage().contains(FieldEncryption.ALLOW_SECOND_LEVEL_CACHE), String.valueOf(thrown));
        }
    }

    @Test
    void optedIn_cacheHits_readThePlaintext_andWriteNothing(TestDatabase db) {
        try (PrivacyKit kit = Units.kit()) {
            Map<String, Object> p = cached(kit);
            p.put(FieldEncryption.ALLOW_SECOND_LEVEL_CACHE, "true");
            EntityManagerFactory emf = Units.emf(db.jdbcUrl(), p, CachedNote.class);
            try {
                Statistics st = emf.unwrap(SessionFactory.class).getStatistics();
                Units.run(emf, em -> em.persist(new CachedNote(1, "subject-ana", "ana@example.ro")));
                st.clear();
                Units.run(emf, em -> assertEquals("ana@example.ro", em.find(CachedNote.class, 1L).getEmail()));
                assertTrue(st.getSecondLevelCacheHitCount() > 0, "read from the entry the insert cached");
                emf.getCache().evictAll();
                Units.run(emf, em -> assertEquals("ana@example.ro", em.find(CachedNote.class, 1L).getEmail()));
                long hits = st.getSecondLevelCacheHitCount();
                Units.run(emf, em -> assertEquals("ana@example.ro", em.find(CachedNote.class, 1L).getEmail()));
                assertTrue(st.getSecondLevelCacheHitCount() > hits, "read from the entry the load cached");
                assertEquals(0, st.getEntityUpdateCount());
            } finally {
                emf.close();
            }
        }
    }
}
