package ro.clickphone.privacy.hibernate;

import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterEach;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.hibernate.entities.RekeyCustomer;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rekey.RekeySource;
import ro.clickphone.privacy.spi.rekey.RekeySourceContract;

/**
 * The hibernate module's re-index source keeps the spi's source contract on each database: pages in id
 * order, conditional updates that leave a writer's change (made through the entity, so the listeners rewrite
 * the index) and a deleted row alone, counts without plaintext.
 */
abstract class EntityRekeySourceTest extends RekeySourceContract {

    private final TestDatabase db;
    private PrivacyKit kit;
    private EntityManagerFactory emf;

    EntityRekeySourceTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
            kit.close();
        }
    }

    @Override
    protected RekeySource sourceWithRows(int rows) {
        try {
            kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                    .clock(Clock.systemUTC()).keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(
                            Files.createTempDirectory("cpp-rekey").resolve("kek.p12"), "pw".toCharArray(), "kek")))
                    .searchableFields(SecretBytes.copyOf(new byte[32])).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emf = Units.emf(db.jdbcUrl(), Map.of(FieldEncryption.KIT, kit), RekeyCustomer.class);
        try (StatelessSession s = emf.unwrap(SessionFactory.class).openStatelessSession()) {
            s.getTransaction().begin();
            for (long id = 1; id <= rows; id++) {
                s.insert(new RekeyCustomer(id * 7, "acct-" + (id % 3), "user" + id + "@example.ro"));
            }
            s.getTransaction().commit();
        }
        return FieldEncryption.reindexSource(emf, RekeyCustomer.class, "email");
    }

    @Override
    protected String storedValue(String key) {
        String[] out = new String[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT email_index FROM hb_rekey_customer WHERE id = ?")) {
                s.setLong(1, Long.parseLong(key));
                try (ResultSet rs = s.executeQuery()) {
                    out[0] = rs.next() ? rs.getString(1) : null;
                }
            }
        });
        return out[0];
    }

    @Override
    protected void writerChanges(String key) {
        Units.inTransaction(emf, em -> {
            em.find(RekeyCustomer.class, Long.parseLong(key)).setEmail("changed." + key + "@example.ro");
            return null;
        });
    }

    @Override
    protected void writerDeletes(String key) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM hb_rekey_customer WHERE id = ?")) {
                s.setLong(1, Long.parseLong(key));
                s.executeUpdate();
            }
        });
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-rekey"})
    static class OnH2Test extends EntityRekeySourceTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-rekey"})
    static class OnPostgresTest extends EntityRekeySourceTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-rekey"})
    static class OnMariaDbTest extends EntityRekeySourceTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
