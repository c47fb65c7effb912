package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.hibernate.entities.CachedNote;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * An entity with encrypted attributes in the second-level cache is refused at boot, whatever the settings:
 * its entries would hold decrypted values, a loaded state could not be told from a cache hit (a database
 * writer's plaintext would pass as one), and a cached plaintext would outlive crypto-shredding. The same
 * entity with the cache off reads only what it wrote, and nothing after shredding.
 */
@OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
class SecondLevelCacheTest {

    private static Map<String, Object> cached(PrivacyKit kit) {
        Map<String, Object> p = new HashMap<>();
        p.put(FieldEncryption.KIT, kit);
        p.put("hibernate.cache.use_second_level_cache", "true");
        p.put("hibernate.cache.region.factory_class", MapRegionFactory.class.getName());
        p.put("jakarta.persistence.sharedCache.mode", "ENABLE_SELECTIVE");
        return p;
    }

    private static ConfigurationException refusal(Executable boot) {
        Throwable thrown = assertThrows(Throwable.class, boot);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigurationException in " + thrown, thrown);
    }

    private static <T extends Throwable> void cause(Class<T> type, Executable action) {
        Throwable thrown = assertThrows(Throwable.class, action);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return;
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " in the causes of " + thrown, thrown);
    }

    @Test
    void aCachedEncryptedEntity_isRefusedAtBoot_evenWithTheFormerOptIn(TestDatabase db) {
        try (PrivacyKit kit = Units.kit()) {
            ConfigurationException e = refusal(() -> Units.emf(db.jdbcUrl(), cached(kit), CachedNote.class));
            assertTrue(e.getMessage().contains("CachedNote: is in the second-level cache"), e.getMessage());
            Map<String, Object> former = cached(kit);
            former.put("ro.clickphone.privacy.hibernate.allow_second_level_cache", "true");
            ConfigurationException again = refusal(() -> Units.emf(db.jdbcUrl(), former, CachedNote.class));
            assertTrue(again.getMessage().contains("second-level cache"), again.getMessage());
        }
    }

    @Test
    void withTheCacheOff_injectedPlaintext_isRefused_andShreddedValues_areGone(TestDatabase db) {
        try (PrivacyKit kit = Units.kit()) {
            Map<String, Object> p = new HashMap<>();
            p.put(FieldEncryption.KIT, kit);
            p.put("hibernate.cache.use_second_level_cache", "false");
            EntityManagerFactory emf = Units.emf(db.jdbcUrl(), p, CachedNote.class);
            try {
                Units.run(emf, em -> em.persist(new CachedNote(1, "subject-cache", "cache@example.ro")));
                Units.run(emf, em -> assertEquals("cache@example.ro", em.find(CachedNote.class, 1L).getEmail()));
                db.jdbc(c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("UPDATE hb_cached_note SET email = 'mallory@evil.example' WHERE id = 1");
                    }
                });
                emf.getCache().evictAll();
                cause(IntegrityException.class, () -> Units.run(emf, em -> em.find(CachedNote.class, 1L)));

                Units.run(emf, em -> em.persist(new CachedNote(2, "subject-shred", "shred@example.ro")));
                Units.run(emf, em -> assertEquals("shred@example.ro", em.find(CachedNote.class, 2L).getEmail()));
                kit.keys().shred(SubjectId.of("subject-shred"), KeyScope.of("profile"));
                cause(KeyDestroyedException.class, () -> Units.run(emf, em -> em.find(CachedNote.class, 2L)));
            } finally {
                emf.close();
            }
        }
    }
}
